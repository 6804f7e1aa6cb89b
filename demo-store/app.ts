import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { clickIdFromCookie, createServerOrderReporter, type ServerReporting } from './report-order-from-server';

export interface DemoStoreOptions {
  pixelUrl: string;
  integrationId: string;
  storeName?: string;
  /** The snippet exactly as a store admin copied it (from the dashboard), embedded instead of one built here; no CSP nonce is added to it. */
  snippetHtml?: string;
  /** When given, every confirmation page is also reported by the store's server (with a secret key), as a real store's backend would. */
  serverReporting?: ServerReporting;
}

interface Rendered {
  html: string;
  headers: Record<string, string>;
}

interface Product {
  sku: string;
  name: string;
  price: number;
}

const PRODUCTS: readonly Product[] = [
  { sku: 'tee', name: 'Organic cotton tee', price: 29 },
  { sku: 'hoodie', name: 'Heavyweight hoodie', price: 79 },
  { sku: 'cap', name: 'Six-panel cap', price: 24.5 },
];

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
header{display:flex;justify-content:space-between;border-bottom:1px solid #ddd;margin-bottom:1.5rem}
header a{color:inherit;text-decoration:none;font-weight:600}
li{margin:.4rem 0}button{font:inherit;padding:.4rem 1rem;margin:.5rem .5rem 0 0;cursor:pointer}
.note{background:#f4f4f4;padding:.5rem 1rem;border-radius:4px}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe to place inside an inline <script>. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The product page's snippet; `nonce` marks it as allowed by a nonce-based Content-Security-Policy. */
export function pixelSnippet(pixelUrl: string, integrationId: string, nonce?: string): string {
  return `<!-- Influtrace -->
<script${nonceAttribute(nonce)}>
  (function(w,d,s,u,i){w.influtrace=w.influtrace||function(){(w.influtrace.q=w.influtrace.q||[]).push(arguments)};w.influtrace.id=i;var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=1;j.src=u;f.parentNode.insertBefore(j,f);})(window,document,'script',${scriptJson(pixelUrl)},${scriptJson(integrationId)});
</script>`;
}

function nonceAttribute(nonce: string | undefined): string {
  return nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
}

/**
 * A strict policy of the kind a careful store sends: scripts only from this page's nonce and the
 * pixel's origin, beacons only to the pixel's origin. The pixel must work under it unchanged.
 */
export function strictContentSecurityPolicy(pixelOrigin: string, nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' ${pixelOrigin}`,
    `connect-src ${pixelOrigin}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

function formatPrice(value: number, currency: string): string {
  return `${value.toFixed(2)} ${escapeHtml(currency)}`;
}

/** The order as the page reports it; the pixel, not the store, validates it. */
function orderFromQuery(query: URLSearchParams): Record<string, unknown> {
  const rawValue = query.get('value');
  const value = Number(rawValue);
  const coupon = query.get('coupon')?.trim();
  return {
    orderId: query.get('orderId') ?? '',
    value: rawValue !== null && rawValue.trim() !== '' && Number.isFinite(value) ? value : rawValue,
    currency: query.get('currency') ?? 'USD',
    ...(coupon ? { coupon } : {}),
  };
}

function orderSummary(order: Record<string, unknown>): string {
  const value = typeof order.value === 'number' ? formatPrice(order.value, String(order.currency)) : '—';
  const coupon = typeof order.coupon === 'string' ? ` with coupon <code>${escapeHtml(order.coupon)}</code>` : '';
  return `<p>Order <code>${escapeHtml(String(order.orderId))}</code>: ${value}${coupon}.</p>`;
}

const SHOW_ATTRIBUTION = `<script>
addEventListener('load', function () {
  var out = document.getElementById('attribution');
  try {
    var a = JSON.parse(localStorage.getItem('influtrace_attr'));
    if (a) out.textContent = 'ref ' + (a.ref || '—') + ', click ' + (a.itc || '—') + ', saved ' + new Date(a.ts).toLocaleString();
  } catch (e) {
    out.textContent = 'unavailable (storage is blocked)';
  }
});
</script>`;

export function createDemoStoreApp(options: DemoStoreOptions): RequestListener {
  const storeName = options.storeName ?? 'Demo Store';
  const pixelOrigin = new URL(options.pixelUrl).origin;

  const page = (title: string, body: string, nonce?: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(storeName)}</title>
${options.snippetHtml ?? pixelSnippet(options.pixelUrl, options.integrationId, nonce)}
<style${nonceAttribute(nonce)}>${STYLE}</style>
</head>
<body>
<header><a href="/">${escapeHtml(storeName)}</a><span>powered by InfluTrace pixel</span></header>
<main>
${body}
</main>
</body>
</html>
`;

  const landing = (): string =>
    page(
      'Shop',
      `<h1>Shop</h1>
<ul>
${PRODUCTS.map((p) => `<li><a href="/product?sku=${encodeURIComponent(p.sku)}">${escapeHtml(p.name)}</a> · ${formatPrice(p.price, 'USD')}</li>`).join('\n')}
</ul>
<p class="note">Creator attribution saved in this browser: <span id="attribution">none</span></p>
${SHOW_ATTRIBUTION}`,
    );

  const product = (query: URLSearchParams): string => {
    const item = PRODUCTS.find((p) => p.sku === query.get('sku')) ?? PRODUCTS[0];
    if (!item) throw new Error('the demo store has no products');
    const orderId = `DEMO-${randomBytes(5).toString('hex').toUpperCase()}`;
    return page(
      item.name,
      `<h1>${escapeHtml(item.name)}</h1>
<p>${formatPrice(item.price, 'USD')}</p>
<form method="get" action="/checkout/confirmation">
<input type="hidden" name="orderId" value="${escapeHtml(orderId)}">
<input type="hidden" name="value" value="${item.price}">
<input type="hidden" name="currency" value="USD">
<label>Coupon <input name="coupon" autocomplete="off"></label><br>
<button type="submit" id="buy">Buy</button>
<button type="submit" id="buy-server-rendered" formaction="/server-rendered-confirmation">Buy (server-rendered confirmation)</button>
<button type="submit" id="buy-csp" formaction="/csp/confirmation">Buy (confirmation under a strict Content-Security-Policy)</button>
</form>`,
    );
  };

  const confirmation = (query: URLSearchParams, nonce?: string): string => {
    const order = orderFromQuery(query);
    return page(
      'Thank you',
      `<h1>Thank you!</h1>
${orderSummary(order)}
<script${nonceAttribute(nonce)}>
  influtrace('order', ${scriptJson(order)});
</script>
<p><a href="/">Continue shopping</a></p>`,
      nonce,
    );
  };

  const serverRenderedConfirmation = (query: URLSearchParams): string => {
    const order = orderFromQuery(query);
    return page(
      'Thank you',
      `<h1>Thank you!</h1>
${orderSummary(order)}
<script>
  window.influtraceOrder = ${scriptJson(order)};
</script>
<p><a href="/">Continue shopping</a></p>`,
    );
  };

  /** The confirmation page again, with a fresh nonce and a strict Content-Security-Policy. */
  const strictConfirmation = (query: URLSearchParams): Rendered => {
    const nonce = randomBytes(16).toString('base64');
    return { html: confirmation(query, nonce), headers: { 'Content-Security-Policy': strictContentSecurityPolicy(pixelOrigin, nonce) } };
  };

  const reportOrderFromServer = options.serverReporting ? createServerOrderReporter(options.serverReporting) : null;
  const CONFIRMATION_PATHS = new Set(['/checkout/confirmation', '/server-rendered-confirmation', '/csp/confirmation']);

  const routes: Record<string, (query: URLSearchParams) => string | Rendered> = {
    '/': landing,
    '/product': product,
    '/checkout/confirmation': (query) => confirmation(query),
    '/server-rendered-confirmation': serverRenderedConfirmation,
    '/csp/confirmation': strictConfirmation,
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = requestUrl(req);
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad Request');
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    // Browsers ask for it on every page; an empty answer keeps their consoles free of a 404.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' }).end();
      return;
    }
    const render = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
    if (!render) {
      sendHtml(req, res, 404, page('Not found', '<h1>Not found</h1><p><a href="/">Back to the shop</a></p>'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method Not Allowed');
      return;
    }
    const rendered = render(url.searchParams);
    if (typeof rendered === 'string') sendHtml(req, res, 200, rendered);
    else sendHtml(req, res, 200, rendered.html, rendered.headers);
    if (reportOrderFromServer && req.method === 'GET' && CONFIRMATION_PATHS.has(url.pathname)) {
      void reportOrderFromServer(orderFromQuery(url.searchParams), clickIdFromCookie(req));
    }
  };
}

function requestUrl(req: IncomingMessage): URL | undefined {
  const href = `http://store${req.url ?? '/'}`;
  return URL.canParse(href) ? new URL(href) : undefined;
}

/**
 * Pages are revalidated on every ordinary navigation (no-cache) but, unlike no-store pages that
 * make network requests from script, stay eligible for the browser's back/forward cache, as most
 * storefronts' pages are: going back to the confirmation page must not report the order again.
 */
function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}
