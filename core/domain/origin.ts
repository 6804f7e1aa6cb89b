import { AppError } from '../errors';

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

function parseHttpUrl(input: string): URL | null {
  try {
    const url = new URL(input.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** scheme://host[:port], host lower-cased, default port dropped (what browsers send as Origin). */
export function originOf(url: URL): string {
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : '';
  return `${url.protocol}//${url.hostname.toLowerCase()}${port}`;
}

/** A store's website URL: http(s), no credentials, no path, query or fragment beyond a trailing slash. */
export function parseWebsiteUrl(input: unknown): { websiteUrl: string; origin: string } {
  const url = typeof input === 'string' ? parseHttpUrl(input) : null;
  if (!url) {
    throw new AppError('invalid_website_url', 'websiteUrl must be an http(s) URL such as https://shop.example.com.', { field: 'websiteUrl' });
  }
  if (url.username || url.password) {
    throw new AppError('invalid_website_url', 'websiteUrl must not contain credentials.', { field: 'websiteUrl' });
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new AppError('invalid_website_url', 'websiteUrl must be the site origin only, without a path, query or fragment.', { field: 'websiteUrl' });
  }
  const origin = originOf(url);
  return { websiteUrl: origin, origin };
}

/** A tracking link's destination: any http(s) URL without credentials. */
export function parseDestinationUrl(input: unknown): string {
  const url = typeof input === 'string' ? parseHttpUrl(input) : null;
  if (!url || url.username || url.password) {
    throw new AppError('invalid_destination_url', 'destinationUrl must be an http(s) URL without credentials.', { field: 'destinationUrl' });
  }
  return url.toString();
}

/** The origin a beacon came from: the Origin header, or else the Referer's origin. */
export function beaconOrigin(originHeader: string | undefined, refererHeader: string | undefined): string | null {
  for (const candidate of [originHeader, refererHeader]) {
    if (!candidate || candidate === 'null') continue;
    const url = parseHttpUrl(candidate);
    if (url) return originOf(url);
  }
  return null;
}
