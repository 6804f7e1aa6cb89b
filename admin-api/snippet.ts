import { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../core/public-paths';

/** JSON string literal that is also safe inside an HTML <script> element. */
function scriptLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The embed code of the product page, with this deployment's pixel URL and the integration id. */
export function buildSnippet(pixelUrl: string, integrationId: string): string {
  return [
    '<!-- Influtrace -->',
    '<script>',
    `  (function(w,d,s,u,i){w.influtrace=w.influtrace||function(){(w.influtrace.q=w.influtrace.q||[]).push(arguments)};w.influtrace.id=i;var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=1;j.src=u;f.parentNode.insertBefore(j,f);})(window,document,'script',${scriptLiteral(pixelUrl)},${scriptLiteral(integrationId)});`,
    '</script>',
  ].join('\n');
}

/** A single-quoted shell word: the URL is configuration, but a quote in it must not end the word. */
function shellWord(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The store's server calls, as curl: report a paid order, and a refund, with one of the
 * integration's secret keys (the key names the integration; `isk_…` stands for it).
 */
export function buildServerSnippet(publicIngestUrl: string): string {
  const call = (path: string, body: Record<string, unknown>) => [
    `curl -X POST ${shellWord(`${publicIngestUrl}${path}`)} \\`,
    "  -H 'Authorization: Bearer isk_…' \\",
    "  -H 'Content-Type: application/json' \\",
    `  -d '${JSON.stringify(body)}'`,
  ];
  return [
    '# An order, once paid (coupon, attribution and occurredAt are optional;',
    '# attribution.itc: the influtrace_itc cookie the pixel set on the shopper)',
    ...call(SERVER_ORDERS_PATH, {
      orderId: '1001',
      value: 59.9,
      currency: 'EUR',
      coupon: 'AVA10',
      attribution: { itc: 'itc_from_cookie' },
      occurredAt: '2026-12-01T10:00:00Z',
    }),
    '',
    '# A refund of part or all of it (one refundId per refund)',
    ...call(SERVER_REFUNDS_PATH, { orderId: '1001', refundId: '1001-r1', value: 20, currency: 'EUR' }),
  ].join('\n');
}
