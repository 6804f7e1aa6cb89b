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
