import { expect } from 'chai';
import vm from 'node:vm';
import { buildServerSnippet, buildSnippet } from '../../admin-api/snippet';
import { serverOrderSchema, serverRefundSchema } from '../../core/domain/server-reports';

const PIXEL_URL = 'https://app.influtrace.link/api/v1/integrations/custom/t.js';
const HOSTILE = `'"</script><script>alert(1)</script><!--\u2028\u2029\\`;

/** The JavaScript between the snippet's <script> and </script>. */
function innerScript(snippet: string): string {
  const open = snippet.indexOf('<script>');
  const close = snippet.lastIndexOf('</script>');
  expect(open, 'the snippet has an opening <script>').to.be.greaterThan(-1);
  expect(close, 'the snippet ends with </script>').to.be.greaterThan(open);
  return snippet.slice(open + '<script>'.length, close);
}

type FakeWindow = { influtrace?: ((...args: unknown[]) => void) & { q?: unknown[][]; id?: string } };

/** Runs the snippet's JavaScript against a fake window and document, as a browser would. */
function runSnippet(snippet: string): { window: FakeWindow; inserted: Array<{ async?: number; src?: string }> } {
  const inserted: Array<{ async?: number; src?: string }> = [];
  const window: FakeWindow = {};
  const firstScript = { parentNode: { insertBefore: (node: { async?: number; src?: string }) => inserted.push(node) } };
  const document = {
    getElementsByTagName: (name: string) => (name === 'script' ? [firstScript] : []),
    createElement: () => ({}),
  };
  vm.runInNewContext(innerScript(snippet), { window, document });
  return { window, inserted };
}

describe('buildSnippet', () => {
  describe('when given the pixel URL and an integration id', () => {
    const snippet = buildSnippet(PIXEL_URL, 'int_abc123');

    it("contains the product page's command-queue stub", () => {
      expect(snippet).to.include('<!-- Influtrace -->');
      expect(snippet).to.include('(w.influtrace.q=w.influtrace.q||[]).push(arguments)');
      expect(snippet).to.include('w.influtrace.id=i');
      expect(snippet).to.include('(function(w,d,s,u,i){');
    });

    it('passes the pixel URL and the id to the stub', () => {
      expect(snippet).to.include(`'script',"${PIXEL_URL}","int_abc123")`);
    });

    it('sets influtrace.id, queues calls, and loads t.js asynchronously when run', () => {
      const { window, inserted } = runSnippet(snippet);
      expect(window.influtrace).to.be.a('function');
      expect(window.influtrace?.id).to.equal('int_abc123');
      window.influtrace?.('order', { orderId: 'A-1' });
      expect(window.influtrace?.q).to.have.length(1);
      expect(Array.from(window.influtrace?.q?.[0] ?? [])).to.deep.equal(['order', { orderId: 'A-1' }]);
      expect(inserted).to.have.length(1);
      expect(inserted[0]).to.include({ src: PIXEL_URL, async: 1 });
    });
  });

  describe('when the id or pixel URL contains </script>, quotes and line separators', () => {
    const snippet = buildSnippet(`https://cdn.example.com/t.js?x=${HOSTILE}`, HOSTILE);

    it('has no </script> but its own closing tag', () => {
      const closings = snippet.toLowerCase().split('</script').length - 1;
      expect(closings).to.equal(1);
      expect(snippet.trimEnd().endsWith('</script>')).to.equal(true);
    });

    it('puts no < or > inside the script, so no HTML comment or tag can start there', () => {
      expect(innerScript(snippet)).to.not.match(/[<>]/);
    });

    it('puts no raw U+2028 or U+2029 inside the script', () => {
      expect(innerScript(snippet)).to.not.match(/[\u2028\u2029]/);
    });

    it('still runs and sets influtrace.id to the exact hostile string, not executing it', () => {
      const { window, inserted } = runSnippet(snippet);
      expect(window.influtrace?.id).to.equal(HOSTILE);
      expect(inserted[0]?.src).to.equal(`https://cdn.example.com/t.js?x=${HOSTILE}`);
    });
  });
});

describe('buildServerSnippet', () => {
  const snippet = buildServerSnippet('https://in.influtrace.link');
  const calls = snippet.split(/\n(?=curl )/).slice(1);
  /** The URL and the JSON body of each curl call, as a shell would pass them. */
  const parsed = calls.map((call) => ({
    url: /curl -X POST '([^']+)'/.exec(call)?.[1],
    body: JSON.parse(/-d '([^']+)'/.exec(call)?.[1] ?? 'null') as unknown,
  }));

  it('posts an order, then a refund, to ingest with a secret key', () => {
    expect(parsed.map((c) => c.url)).to.deep.equal([
      'https://in.influtrace.link/api/v1/integrations/custom/orders',
      'https://in.influtrace.link/api/v1/integrations/custom/refunds',
    ]);
    expect(calls.every((call) => call.includes("-H 'Authorization: Bearer isk_…'") && call.includes("-H 'Content-Type: application/json'"))).to.equal(true);
  });

  it('sends bodies that ingest accepts as they are', () => {
    expect(serverOrderSchema.safeParse(parsed[0]?.body).success).to.equal(true);
    expect(serverRefundSchema.safeParse(parsed[1]?.body).success).to.equal(true);
  });

  it('keeps a quote in the configured URL inside its shell word', () => {
    expect(buildServerSnippet("https://in.example.com/it's")).to.include("curl -X POST 'https://in.example.com/it'\\''s/api/v1/integrations/custom/orders'");
  });
});
