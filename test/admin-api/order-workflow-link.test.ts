import { expect } from 'chai';
import { workflowUrl } from '../../admin-api/routes/order-detail-and-refunds';
import { orderDetailAnswer } from '../../admin-api/schemas/orders';
import { newId } from '../../core/domain/ids';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { adminClient } from './api-client';

/** GET /api/v1/orders/:id links to the order's workflow in the Temporal UI only when TEMPORAL_UI_URL is configured. */
describe("admin API: an order's link to its workflow in the Temporal UI", function () {
  this.timeout(60_000);

  it('escapes quotes and backslashes of an order id inside the query string', () => {
    const url = workflowUrl({ url: 'http://ui.example', namespace: 'shop ns' }, 'order/int_1/say "hi"\\');
    expect(url.startsWith('http://ui.example/namespaces/shop%20ns/workflows?query=')).to.equal(true);
    expect(new URL(url).searchParams.get('query')).to.equal('WorkflowId="order/int_1/say \\"hi\\"\\\\"');
  });

  /** One skipped order, written straight into PostgreSQL, with an order id that needs encoding in a URL. */
  async function orderIn(p: Pipeline) {
    const api = adminClient(p.adminUrl);
    const ws = await newWorkspace(p.db);
    const integrationId = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://link.example.com' })).body.id as string;
    const id = newId('ord');
    await p.db('orders').insert({
      id,
      workspace_id: ws.workspaceId,
      integration_id: integrationId,
      order_id: 'A 1#2/3',
      status: 'skipped',
      reason: 'unattributable',
      value_minor: 1_000,
      refunded_minor: 0,
      confirmed: false,
      currency: 'EUR',
      reported_at: '2026-11-20T10:00:00Z',
      processed_at: '2026-11-20T10:00:05Z',
    });
    const detail = await api(ws.token).get(`/api/v1/orders/${id}`);
    expect(detail.status).to.equal(200);
    expect(orderDetailAnswer.parse(detail.body)).to.deep.equal(detail.body);
    return { integrationId, body: detail.body as { workflowId: string; workflowUrl?: string } };
  }

  describe('when TEMPORAL_UI_URL is configured', () => {
    let p: Pipeline;
    before(async function () {
      this.timeout(120_000);
      const base = testConfig();
      p = await startPipeline({ worker: false, config: { temporal: { ...base.temporal, uiUrl: 'https://temporal.example.com:8233' } } });
    });
    after(async () => p?.stop());

    it("answers workflowUrl: the UI's list of the order's workflow runs, its id in a URL-encoded query", async () => {
      const { integrationId, body } = await orderIn(p);
      expect(body.workflowId).to.equal(`order/${integrationId}/A 1#2/3`);
      expect(body.workflowUrl).to.equal(
        `https://temporal.example.com:8233/namespaces/default/workflows?query=WorkflowId%3D%22order%2F${integrationId}%2FA%201%232%2F3%22`,
      );
      expect(new URL(String(body.workflowUrl)).searchParams.get('query')).to.equal(`WorkflowId="order/${integrationId}/A 1#2/3"`);
    });
  });

  describe('when TEMPORAL_UI_URL is not configured', () => {
    let p: Pipeline;
    before(async function () {
      this.timeout(120_000);
      p = await startPipeline({ worker: false });
    });
    after(async () => p?.stop());

    it('answers the order with its workflowId and no workflowUrl', async () => {
      const { integrationId, body } = await orderIn(p);
      expect(body.workflowId).to.equal(`order/${integrationId}/A 1#2/3`);
      expect(body).to.not.have.property('workflowUrl');
    });
  });
});
