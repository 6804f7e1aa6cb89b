/**
 * A minimal browser for OpenID round trips over HTTP: a cookie jar per origin, follows redirects,
 * and submits the pages' forms (oidc-provider's development login and consent pages), filling in
 * `login` / `password`. Stops before fetching a URL that starts with `stopAt` and returns it.
 */
export function redirectWalker() {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (url: URL) => jars.get(url.origin) ?? jars.set(url.origin, new Map()).get(url.origin)!;

  async function request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const target = new URL(url);
    const cookies = [...jarOf(target)].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(cookies ? { Cookie: cookies } : {}), ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === '') jarOf(target).delete(name);
      else jarOf(target).set(name, value);
    }
    const location = response.headers.get('location');
    return { response, text: await response.text(), location: location ? new URL(location, target).href : null };
  }

  /** Follows redirects and forms from `url` as `login` until the next URL starts with `stopAt`; returns that URL. */
  async function walk(url: string, options: { login: string; stopAt: string }): Promise<string> {
    let next: { url: string; method?: string; form?: Record<string, string> } = { url };
    for (let step = 0; step < 20; step += 1) {
      if (next.url.startsWith(options.stopAt)) return next.url;
      const { response, text, location } = await request(next.url, next);
      if (location) {
        next = { url: location };
        continue;
      }
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(text);
      if (!form) throw new Error(`stuck at ${next.url}: ${response.status} ${text.slice(0, 300)}`);
      const fields: Record<string, string> = {};
      for (const input of form[2]!.matchAll(/<input[^>]*name="([^"]+)"(?:[^>]*value="([^"]*)")?/gi)) fields[input[1]!] = input[2] ?? '';
      if ('login' in fields) fields.login = options.login;
      if ('password' in fields) fields.password = 'any password';
      next = { url: new URL(form[1]!.replace(/&amp;/g, '&'), next.url).href, method: 'POST', form: fields };
    }
    throw new Error(`too many steps from ${url}`);
  }

  return { request, walk, cookie: (origin: string, name: string) => jars.get(origin)?.get(name) };
}
