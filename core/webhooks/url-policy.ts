import { promises as dns, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has (the system resolver; tests inject their own). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** allowPrivateUrls false: only https, and only hosts whose addresses are all public. */
export type UrlPolicy = { allowPrivateUrls: boolean; resolve?: Resolve };

export type UrlCheck = { ok: true; url: URL; addresses: LookupAddress[] | null } | { ok: false; reason: string };

/**
 * Only global unicast addresses are public: loopback, private, link-local (cloud metadata
 * 169.254.169.254 and fd00:ec2::254 included), CGNAT, unspecified, multicast, reserved, and
 * v6 forms that embed a v4 address (6to4, Teredo, NAT64) are not. IPv4-mapped v6 is judged as its v4.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/** Checks a webhook URL; with private URLs refused, returns the checked addresses the request must connect to. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute http(s) URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'must not contain credentials' };
  if (policy.allowPrivateUrls) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must be an http(s) URL' };
    return { ok: true, url, addresses: null };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'must be an https URL' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch {
      return { ok: false, reason: 'host name does not resolve' };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'host name does not resolve' };
  if (!addresses.every((a) => isPublicAddress(a.address)))
    return { ok: false, reason: 'must resolve only to public addresses (private, loopback, link-local and metadata addresses are refused)' };
  return { ok: true, url, addresses };
}
