import { expect } from 'chai';
import { orderDetailAnswer } from '../../admin-api/schemas/orders';
import { newId, randomString } from '../../core/domain/ids';
import { orderEventData } from '../../core/repositories/order-detail';
import { connectTemporalClient } from '../../core/temporal-client';
import { orderWorkflowId } from '../../core/temporal';
import { requestJson } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { adminClient, expectError, expectFieldNamed } from './api-client';

/**
 * Orders, reports, refunds and flags are written straight into PostgreSQL: these tests are about
 * what the admin API shows and what a person's refund stores and sends to the order's workflow
 * (no worker runs here: the workflow's own tests say how a refund is applied).
 */
describe('admin API: one order in full, refunds, server confirmation settings', function () {
  this.timeout(60_000);
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let ws: { workspaceId: string; token: string };
  let other: { workspaceId: string; token: string };
  let memberToken: string;
  let integrationId: string;
  let ava: string;

  async function insertOrder(
    o: { status?: 'credited' | 'skipped' | 'pending'; reason?: string; minor?: number; refundedMinor?: number; confirmed?: boolean } = {},
  ) {
    const orderId = `o-${randomString(8)}`;
    const id = newId('ord');
    const status = o.status ?? 'credited';
    await p.db('orders').insert({
      id,
      workspace_id: ws.workspaceId,
      integration_id: integrationId,
      order_id: orderId,
      status,
      reason: o.reason ?? null,
      creator_id: status === 'credited' ? ava : null,
      attributed_by: status === 'credited' ? 'link' : null,
      value_minor: o.minor ?? 10_000,
      refunded_minor: o.refundedMinor ?? 0,
      confirmed: o.confirmed ?? false,
      currency: 'EUR',
      reported_at: '2026-11-20T10:00:00Z',
      processed_at: '2026-11-20T10:00:05Z',
    });
    return { id, orderId };
  }

  const refundRows = (orderId: string) => p.db('order_refunds').where({ integration_id: integrationId, order_id: orderId }).orderBy('received_at');

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({ worker: false });
    api = adminClient(p.adminUrl);
    ws = await newWorkspace(p.db);
    other = await newWorkspace(p.db);
    integrationId = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://detail.example.com' })).body.id;
    ava = (await api(ws.token).post('/api/v1/creators', { name: 'Ava' })).body.id;
    memberToken = (await api(ws.token).post('/api/v1/members', { email: `m-${randomString(6)}@shop.test`, role: 'member' })).body.token;
  });
  after(async () => p?.stop());

  describe('PATCH /api/v1/integrations/:id', () => {
    it('shows server confirmation off with a 72-hour window on a new integration', async () => {
      const integration = await api(ws.token).get(`/api/v1/integrations/${integrationId}`);
      expect(integration.body).to.include({ requireServerConfirmation: false, confirmationWindowHours: 72 });
    });

    it('lets an Admin require server confirmation and change the window, and the integration shows both', async () => {
      const patched = await api(ws.token).patch(`/api/v1/integrations/${integrationId}`, { requireServerConfirmation: true, confirmationWindowHours: 24 });
      expect(patched.status).to.equal(200);
      expect(patched.body).to.include({ id: integrationId, requireServerConfirmation: true, confirmationWindowHours: 24 });
      const listed = await api(memberToken).get('/api/v1/integrations');
      expect(listed.body.data.find((i: { id: string }) => i.id === integrationId)).to.include({ requireServerConfirmation: true, confirmationWindowHours: 24 });
    });

    it('changes only the field it is given', async () => {
      const patched = await api(ws.token).patch(`/api/v1/integrations/${integrationId}`, { requireServerConfirmation: false });
      expect(patched.body).to.include({ requireServerConfirmation: false, confirmationWindowHours: 24 });
      const window = await api(ws.token).patch(`/api/v1/integrations/${integrationId}`, { confirmationWindowHours: 720 });
      expect(window.body).to.include({ requireServerConfirmation: false, confirmationWindowHours: 720 });
    });

    for (const [body, field] of [
      [{ confirmationWindowHours: 0 }, 'confirmationWindowHours'],
      [{ confirmationWindowHours: 721 }, 'confirmationWindowHours'],
      [{ confirmationWindowHours: 1.5 }, 'confirmationWindowHours'],
      [{ confirmationWindowHours: '72' }, 'confirmationWindowHours'],
      [{ requireServerConfirmation: 'yes' }, 'requireServerConfirmation'],
      [{ requireServerConfirmation: null, confirmationWindowHours: 10 }, 'requireServerConfirmation'],
      [{}, 'requireServerConfirmation'],
    ] as const) {
      it(`answers 400 naming ${field} for ${JSON.stringify(body)} and changes nothing`, async () => {
        expectFieldNamed(expectError(await api(ws.token).patch(`/api/v1/integrations/${integrationId}`, body), 400, 'validation_failed'), field);
        const integration = await api(ws.token).get(`/api/v1/integrations/${integrationId}`);
        expect(integration.body).to.include({ requireServerConfirmation: false, confirmationWindowHours: 720 });
      });
    }

    it("answers a Member 403 and another workspace's Admin 404, changing nothing", async () => {
      expectError(await api(memberToken).patch(`/api/v1/integrations/${integrationId}`, { requireServerConfirmation: true }), 403, 'forbidden');
      expectError(await api(other.token).patch(`/api/v1/integrations/${integrationId}`, { requireServerConfirmation: true }), 404, 'not_found');
      const integration = await api(ws.token).get(`/api/v1/integrations/${integrationId}`);
      expect(integration.body).to.include({ requireServerConfirmation: false, confirmationWindowHours: 720 });
    });
  });

  describe('GET /api/v1/orders', () => {
    it('shows refundedValue, netValue and confirmed in major units, and filters pending orders waiting for confirmation', async () => {
      const refunded = await insertOrder({ minor: 10_000, refundedMinor: 2_550, confirmed: true });
      const pending = await insertOrder({ status: 'pending', reason: 'awaiting_confirmation' });
      const list = await api(ws.token).get(`/api/v1/orders?integrationId=${integrationId}`);
      expect(list.body.data.find((o: { id: string }) => o.id === refunded.id)).to.include({ value: 100, refundedValue: 25.5, netValue: 74.5, confirmed: true });
      const pendingOnly = await api(ws.token).get(`/api/v1/orders?integrationId=${integrationId}&status=pending`);
      expect(
        pendingOnly.body.data.map((o: { id: string; status: string; reason: string; confirmed: boolean }) => [o.id, o.status, o.reason, o.confirmed]),
      ).to.deep.equal([[pending.id, 'pending', 'awaiting_confirmation', false]]);
    });
  });

  describe('GET /api/v1/orders/:id', () => {
    it('answers the order with its reports (oldest first, with their source), refunds, flags and workflow id', async () => {
      const order = await insertOrder({ minor: 5_000, refundedMinor: 1_000, confirmed: true });
      const report = (reportId: string, source: string, value: number, receivedAt: string, outcome: string | null) => ({
        id: reportId,
        integration_id: integrationId,
        order_id: order.orderId,
        source,
        origin: source === 'pixel' ? 'https://detail.example.com' : null,
        payload: JSON.stringify({ reportId, integrationId, source, order: { orderId: order.orderId, value, currency: 'EUR' }, receivedAt }),
        received_at: receivedAt,
        workflow_id: orderWorkflowId(integrationId, order.orderId),
        outcome,
        reason: outcome === 'duplicate' ? null : null,
      });
      await p
        .db('order_reports')
        .insert([
          report('rpt_server', 'server', 50, '2026-11-20T10:00:03Z', 'duplicate'),
          report('rpt_pixel', 'pixel', 49.99, '2026-11-20T10:00:00Z', 'credited'),
        ]);
      await p.db('order_refunds').insert({
        id: newId('rfd'),
        workspace_id: ws.workspaceId,
        integration_id: integrationId,
        order_id: order.orderId,
        refund_id: 'r-1',
        source: 'server',
        value_minor: 1_000,
        currency: 'EUR',
        received_at: '2026-11-21T08:00:00Z',
        applied: true,
        applied_minor: 1_000,
      });
      await p.db('order_flags').insert({
        id: newId('ord').replace('ord_', 'flg_'),
        workspace_id: ws.workspaceId,
        kind: 'changed_repeat',
        integration_id: integrationId,
        order_id: order.orderId,
        details: JSON.stringify({ first: { value: 49.99 } }),
        created_at: '2026-11-22T00:00:00Z',
      });
      const detail = await api(memberToken).get(`/api/v1/orders/${order.id}`);
      expect(detail.status).to.equal(200);
      expect(orderDetailAnswer.parse(detail.body)).to.deep.equal(detail.body);
      expect(detail.body).to.include({ id: order.id, orderId: order.orderId, status: 'credited', value: 50, refundedValue: 10, netValue: 40, confirmed: true });
      expect(detail.body.workflowId).to.equal(`order/${integrationId}/${order.orderId}`);
      expect(detail.body.reports).to.deep.equal([
        { reportId: 'rpt_pixel', source: 'pixel', receivedAt: '2026-11-20T10:00:00.000Z', value: 49.99, currency: 'EUR', outcome: 'credited', reason: null },
        { reportId: 'rpt_server', source: 'server', receivedAt: '2026-11-20T10:00:03.000Z', value: 50, currency: 'EUR', outcome: 'duplicate', reason: null },
      ]);
      expect(detail.body.refunds).to.deep.equal([
        {
          refundId: 'r-1',
          source: 'server',
          value: 10,
          currency: 'EUR',
          receivedAt: '2026-11-21T08:00:00.000Z',
          applied: true,
          appliedValue: 10,
          reason: null,
        },
      ]);
      expect(detail.body.flags).to.deep.equal([
        { kind: 'changed_repeat', integrationId, orderId: order.orderId, details: { first: { value: 49.99 } }, createdAt: '2026-11-22T00:00:00.000Z' },
      ]);
    });

    it('gives webhooks the same order less its reports and commissions (events of their own), inside a transaction too', async () => {
      const order = await insertOrder({ minor: 1_234 });
      const detail = (await api(ws.token).get(`/api/v1/orders/${order.id}`)).body;
      const { reports, commissions, ...lessReports } = detail;
      expect(reports).to.deep.equal([]);
      expect(commissions).to.deep.equal([]);
      expect(await p.db.transaction((trx) => orderEventData(trx, order.id))).to.deep.equal(lessReports);
      expect(await orderEventData(p.db, 'ord_missing')).to.equal(null);
    });

    it("answers 404 for another workspace's order and for an id that does not exist", async () => {
      const order = await insertOrder();
      expectError(await api(other.token).get(`/api/v1/orders/${order.id}`), 404, 'not_found');
      expectError(await api(ws.token).get('/api/v1/orders/ord_doesnotexist'), 404, 'not_found');
    });
  });

  describe('POST /api/v1/orders/:id/refunds', () => {
    it("keeps the refund (source admin, minor units, upper-case currency) and signals it to the order's workflow", async () => {
      const order = await insertOrder();
      const answer = await api(ws.token).post(`/api/v1/orders/${order.id}/refunds`, { refundId: 'clawback-1', value: 12.34, currency: 'eur' });
      expect(answer.status).to.equal(202);
      expect(answer.body).to.deep.equal({ status: 'queued', refundId: 'clawback-1' });
      const [row] = await refundRows(order.orderId);
      expect(row).to.include({ refund_id: 'clawback-1', source: 'admin', workspace_id: ws.workspaceId, currency: 'EUR', applied: null });
      expect(Number(row.value_minor)).to.equal(1234);
      const temporal = await connectTemporalClient(p.config.temporal);
      try {
        const signalled = await waitFor(async () => {
          const history = await temporal.client.workflow.getHandle(orderWorkflowId(integrationId, order.orderId)).fetchHistory();
          return history.events?.find((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'refundReported');
        }, 'the refund signal in the workflow history');
        expect(signalled).to.not.equal(undefined);
      } finally {
        await temporal.close();
      }
      const detail = await api(ws.token).get(`/api/v1/orders/${order.id}`);
      expect(detail.body.refunds.map((r: { refundId: string; applied: boolean | null }) => [r.refundId, r.applied])).to.deep.equal([['clawback-1', null]]);
    });

    it('generates a refundId when none is given, and keeps the same refundId sent again as one refund', async () => {
      const order = await insertOrder();
      const generated = await api(ws.token).post(`/api/v1/orders/${order.id}/refunds`, { value: 1, currency: 'EUR' });
      expect(generated.status).to.equal(202);
      expect(generated.body.refundId).to.match(/^admin_[0-9a-z]{20}$/);
      const again = await Promise.all(
        [1, 2, 3].map(() => api(ws.token).post(`/api/v1/orders/${order.id}/refunds`, { refundId: 'same', value: 2, currency: 'EUR' })),
      );
      expect(again.map((r) => r.status)).to.deep.equal([202, 202, 202]);
      expect((await refundRows(order.orderId)).map((r) => r.refund_id).sort()).to.deep.equal([generated.body.refundId, 'same'].sort());
    });

    it('answers 409 idempotency_conflict naming refundId for a refundId kept for another order, value or currency, writing nothing', async () => {
      const [first, second] = [await insertOrder(), await insertOrder()];
      const refundId = `kept-${randomString(6)}`;
      expect((await api(ws.token).post(`/api/v1/orders/${first.id}/refunds`, { refundId, value: 2, currency: 'EUR' })).status).to.equal(202);
      for (const [orderRowId, body] of [
        [second.id, { refundId, value: 2, currency: 'EUR' }],
        [first.id, { refundId, value: 3, currency: 'EUR' }],
        [first.id, { refundId, value: 2, currency: 'USD' }],
      ] as const) {
        const refused = await api(ws.token).post(`/api/v1/orders/${orderRowId}/refunds`, body);
        expectFieldNamed(expectError(refused, 409, 'idempotency_conflict'), 'refundId');
      }
      expect(await refundRows(second.orderId)).to.deep.equal([]);
      expect((await refundRows(first.orderId)).map((r) => [r.refund_id, Number(r.value_minor), r.currency])).to.deep.equal([[refundId, 200, 'EUR']]);
      expect((await api(ws.token).post(`/api/v1/orders/${first.id}/refunds`, { refundId, value: 2, currency: 'eur' })).status).to.equal(202);
    });

    for (const [body, field] of [
      [{ value: 0, currency: 'EUR' }, 'value'],
      [{ value: -5, currency: 'EUR' }, 'value'],
      [{ value: '5', currency: 'EUR' }, 'value'],
      [{ value: 1e300, currency: 'EUR' }, 'value'],
      [{ currency: 'EUR' }, 'value'],
      [{ value: 5, currency: 'XYZ' }, 'currency'],
      [{ value: 5, currency: 'EURO' }, 'currency'],
      [{ value: 5 }, 'currency'],
      [{ refundId: '', value: 5, currency: 'EUR' }, 'refundId'],
      [{ refundId: 'r'.repeat(129), value: 5, currency: 'EUR' }, 'refundId'],
      [{ refundId: 'a\u0000b', value: 5, currency: 'EUR' }, 'refundId'],
      [{ refundId: 7, value: 5, currency: 'EUR' }, 'refundId'],
    ] as const) {
      it(`answers 400 naming ${field} for ${JSON.stringify(body).slice(0, 60)}, writing nothing`, async () => {
        const order = await insertOrder();
        expectFieldNamed(expectError(await api(ws.token).post(`/api/v1/orders/${order.id}/refunds`, body), 400, 'validation_failed'), field);
        expect(await refundRows(order.orderId)).to.deep.equal([]);
      });
    }

    it("answers a Member 403 and another workspace's Admin 404, writing nothing", async () => {
      const order = await insertOrder();
      expectError(await api(memberToken).post(`/api/v1/orders/${order.id}/refunds`, { value: 1, currency: 'EUR' }), 403, 'forbidden');
      expectError(await api(other.token).post(`/api/v1/orders/${order.id}/refunds`, { value: 1, currency: 'EUR' }), 404, 'not_found');
      expectError(await api(ws.token).post('/api/v1/orders/ord_doesnotexist/refunds', { value: 1, currency: 'EUR' }), 404, 'not_found');
      expect(await refundRows(order.orderId)).to.deep.equal([]);
    });
  });

  describe('GET /api/v1/reports/creators', () => {
    it('keeps revenue gross and adds refunded and netRevenue per currency, in JSON and CSV', async () => {
      const { token } = await newWorkspace(p.db);
      const own = adminClient(p.adminUrl)(token);
      const shop = (await own.post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://report.example.com' })).body.id;
      const creator = (await own.post('/api/v1/creators', { name: 'Cleo' })).body.id;
      const workspaceId = (await own.get('/api/v1/me')).body.workspace.id;
      const row = (minor: number, refunded: number, currency: string, status = 'credited') => ({
        id: newId('ord'),
        workspace_id: workspaceId,
        integration_id: shop,
        order_id: `o-${randomString(8)}`,
        status,
        creator_id: status === 'credited' ? creator : null,
        attributed_by: status === 'credited' ? 'coupon' : null,
        value_minor: minor,
        refunded_minor: refunded,
        currency,
        reported_at: '2026-11-20T10:00:00Z',
      });
      await p.db('orders').insert([row(10_000, 2_500, 'EUR'), row(5_000, 0, 'EUR'), row(3_000, 3_000, 'USD'), row(9_900, 9_900, 'EUR', 'skipped')]);
      const report = await own.get('/api/v1/reports/creators');
      expect(report.body.data.find((r: { creatorId: string }) => r.creatorId === creator)).to.deep.include({
        orders: 3,
        revenue: { EUR: 150, USD: 30 },
        refunded: { EUR: 25, USD: 30 },
        netRevenue: { EUR: 125, USD: 0 },
      });
      const csv = await requestJson(`${p.adminUrl}/api/v1/reports/creators?format=csv`, { token });
      const lines = (csv.body as string).trimEnd().split('\r\n');
      expect(lines[0]).to.equal(
        'creatorId,name,clicks,uniqueClicks,orders,conversionRate,revenueEUR,revenueUSD,refundedEUR,refundedUSD,netRevenueEUR,netRevenueUSD',
      );
      expect(lines).to.include(`${creator},Cleo,0,0,3,,150,30,25,30,125,0`);
    });
  });
});
