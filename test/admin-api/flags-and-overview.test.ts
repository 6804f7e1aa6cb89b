import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';
import { insertOrderFlags } from '../../core/repositories/reconciliation';
import { insertOrderRow, type OrderRow } from '../support/order-rows';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { adminClient, expectError, expectFieldNamed } from './api-client';

/** Orders, clicks and flags are written straight into PostgreSQL at chosen times: these tests are about what the API reads back. */
describe('admin API flags and the overview report', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let ws: { workspaceId: WorkspaceId; token: string };
  let memberToken: string;
  let shop: string;
  let outlet: string;
  let ava: string;
  let ben: string;
  let avaLink: string;

  const insertOrder = (o: Omit<OrderRow, 'integrationId'> & { integration?: string }) =>
    insertOrderRow(p.db, ws.workspaceId, { ...o, integrationId: o.integration ?? shop });

  before(async function () {
    p = await startPipeline({ worker: false });
    api = adminClient(p.adminUrl);
    ws = await newWorkspace(p.db);
    memberToken = (await api(ws.token).post('/api/v1/members', { email: `member-${randomString(8)}@flags.test`, role: 'member' })).body.token;
    shop = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://shop.example.com' })).body.id;
    outlet = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://outlet.example.com' })).body.id;
    ava = (await api(ws.token).post('/api/v1/creators', { name: 'Ava' })).body.id;
    ben = (await api(ws.token).post('/api/v1/creators', { name: 'Ben' })).body.id;
    avaLink = (await api(ws.token).post('/api/v1/links', { creatorId: ava, destinationUrl: 'https://shop.example.com/', integrationIds: [shop] })).body.id;
  });
  after(async () => p?.stop());

  describe('GET /api/v1/flags', () => {
    let duplicate: { id: string; orderId: string };

    before(async () => {
      duplicate = await insertOrder({ status: 'credited', creatorId: ava, minor: 4000, currency: 'EUR', at: '2026-11-20T10:00:00Z', orderId: 'DUP-1' });
      await insertOrder({
        integration: outlet,
        status: 'credited',
        creatorId: ben,
        minor: 4000,
        currency: 'EUR',
        at: '2026-11-20T11:00:00Z',
        orderId: 'DUP-1',
      });
      await insertOrderFlags(p.db, [
        { workspaceId: ws.workspaceId, kind: 'cross_integration_duplicate', integrationId: shop, orderId: 'DUP-1', details: { otherIntegrationIds: [outlet] } },
        { workspaceId: ws.workspaceId, kind: 'cross_integration_duplicate', integrationId: outlet, orderId: 'DUP-1', details: { otherIntegrationIds: [shop] } },
        { workspaceId: ws.workspaceId, kind: 'changed_repeat', integrationId: shop, orderId: 'NEVER-RECORDED', details: { changed: ['value'] } },
      ]);
      const other = await newWorkspace(p.db);
      const otherIntegration = (await api(other.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://other.example.com' })).body.id;
      await insertOrderFlags(p.db, [
        { workspaceId: other.workspaceId, kind: 'changed_repeat', integrationId: otherIntegration, orderId: 'THEIRS', details: {} },
      ]);
    });

    it("lists the workspace's flags with kind, integration, order id, details, creation time and the order they are about", async () => {
      const list = await api(memberToken).get('/api/v1/flags');
      expect(list.status).to.equal(200);
      expect(list.body.nextCursor).to.equal(null);
      expect(list.body.data.map((f: { orderId: string }) => f.orderId).sort()).to.deep.equal(['DUP-1', 'DUP-1', 'NEVER-RECORDED']);
      const onShop = list.body.data.find((f: { integrationId: string; kind: string }) => f.integrationId === shop && f.kind === 'cross_integration_duplicate');
      expect(onShop).to.deep.include({
        kind: 'cross_integration_duplicate',
        integrationId: shop,
        orderId: 'DUP-1',
        details: { otherIntegrationIds: [outlet] },
      });
      expect(onShop.id).to.match(/^flg_/);
      expect(Date.parse(onShop.createdAt)).to.be.closeTo(Date.now(), 60_000);
      expect(onShop.order).to.deep.equal({ id: duplicate.id, status: 'credited', value: 40, currency: 'EUR' });
      expect(list.body.data.find((f: { orderId: string }) => f.orderId === 'NEVER-RECORDED').order).to.equal(null);
    });

    it('filters by kind and by integration', async () => {
      const repeats = await api(ws.token).get('/api/v1/flags?kind=changed_repeat');
      expect(repeats.body.data.map((f: { orderId: string }) => f.orderId)).to.deep.equal(['NEVER-RECORDED']);
      const onOutlet = await api(ws.token).get(`/api/v1/flags?integrationId=${outlet}`);
      expect(onOutlet.body.data.map((f: { integrationId: string }) => f.integrationId)).to.deep.equal([outlet]);
      const both = await api(ws.token).get(`/api/v1/flags?integrationId=${shop}&kind=cross_integration_duplicate`);
      expect(both.body.data).to.have.length(1);
    });

    it('pages with limit and nextCursor, every flag once', async () => {
      const first = await api(ws.token).get('/api/v1/flags?limit=2');
      expect(first.body.data).to.have.length(2);
      expect(first.body.nextCursor).to.be.a('string');
      const second = await api(ws.token).get(`/api/v1/flags?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.data).to.have.length(1);
      expect(second.body.nextCursor).to.equal(null);
      const ids = [...first.body.data, ...second.body.data].map((f: { id: string }) => f.id);
      expect(new Set(ids).size).to.equal(3);
    });

    it('refuses an unknown kind, a bad limit and a made-up cursor with a 400 naming the field', async () => {
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/flags?kind=fraud'), 400, 'validation_failed'), 'kind');
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/flags?limit=0'), 400, 'validation_failed'), 'limit');
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/flags?cursor=nope'), 400, 'validation_failed'), 'cursor');
    });

    it("never shows another workspace's flags, even when asked for its integration", async () => {
      const list = await api(ws.token).get('/api/v1/flags?kind=changed_repeat&limit=500');
      expect(list.body.data.map((f: { orderId: string }) => f.orderId)).to.not.include('THEIRS');
      expectError(await api().get('/api/v1/flags'), 401, 'unauthorized');
    });
  });

  describe('GET /api/v1/reports/overview', () => {
    before(async () => {
      await p.db('orders').where({ workspace_id: ws.workspaceId }).delete();
      await insertOrder({ status: 'credited', creatorId: ava, minor: 1000, currency: 'EUR', at: '2026-10-02T10:00:00Z' });
      await insertOrder({ status: 'credited', creatorId: ava, minor: 2550, currency: 'USD', at: '2026-10-02T12:00:00Z' });
      await insertOrder({ status: 'credited', creatorId: ben, minor: 500, currency: 'EUR', at: '2026-10-03T10:00:00Z' });
      await insertOrder({ status: 'credited', creatorId: ben, minor: 700, refundedMinor: 200, currency: 'EUR', at: '2026-10-03T11:00:00Z' });
      await insertOrder({ status: 'credited', creatorId: ben, minor: 900, currency: 'EUR', at: '2026-10-05T00:00:00Z' });
      await insertOrder({ status: 'skipped', minor: 9900, currency: 'EUR', at: '2026-10-02T10:00:00Z' });
      const clicks = ['2026-10-01T09:00:00Z', '2026-10-02T09:00:00Z', '2026-10-02T23:59:59Z', '2026-10-05T00:00:00Z'];
      // The visitor of the 2nd at 09:00 came back at 23:59:59: not unique.
      const unique = [true, true, false, true];
      await p
        .db('clicks')
        .insert(clicks.map((at, i) => ({ id: newId('clk'), link_id: avaLink, workspace_id: ws.workspaceId, clicked_at: at, is_unique: unique[i] })));
    });

    it('sums clicks, unique clicks, credited orders and gross, refunded and net revenue per currency over the range, skipped orders left out', async () => {
      const overview = await api(memberToken).get('/api/v1/reports/overview?from=2026-10-01&to=2026-10-04');
      expect(overview.status).to.equal(200);
      expect(overview.body).to.include({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-05T00:00:00.000Z', clicks: 3, uniqueClicks: 2, creditedOrders: 4 });
      expect(overview.body.revenue).to.deep.equal([
        { currency: 'EUR', gross: 22, refunded: 2, net: 20 },
        { currency: 'USD', gross: 25.5, refunded: 0, net: 25.5 },
      ]);
    });

    it('answers every UTC day of the range, days without activity as zeros', async () => {
      const overview = await api(ws.token).get('/api/v1/reports/overview?from=2026-10-01&to=2026-10-04');
      expect(overview.body.days.map((d: { day: string }) => d.day)).to.deep.equal(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04']);
      expect(overview.body.days[0]).to.deep.equal({ day: '2026-10-01', clicks: 1, uniqueClicks: 1, creditedOrders: 0, revenue: [] });
      expect(overview.body.days[1]).to.deep.equal({
        day: '2026-10-02',
        clicks: 2,
        uniqueClicks: 1,
        creditedOrders: 2,
        revenue: [
          { currency: 'EUR', gross: 10, refunded: 0, net: 10 },
          { currency: 'USD', gross: 25.5, refunded: 0, net: 25.5 },
        ],
      });
      expect(overview.body.days[3]).to.deep.equal({ day: '2026-10-04', clicks: 0, uniqueClicks: 0, creditedOrders: 0, revenue: [] });
    });

    it('ranks the top creators by credited orders, each with revenue per currency', async () => {
      const overview = await api(ws.token).get('/api/v1/reports/overview?from=2026-10-01&to=2026-10-05');
      expect(overview.body.topCreators).to.deep.equal([
        { creatorId: ben, name: 'Ben', creditedOrders: 3, revenue: [{ currency: 'EUR', gross: 21, refunded: 2, net: 19 }] },
        {
          creatorId: ava,
          name: 'Ava',
          creditedOrders: 2,
          revenue: [
            { currency: 'EUR', gross: 10, refunded: 0, net: 10 },
            { currency: 'USD', gross: 25.5, refunded: 0, net: 25.5 },
          ],
        },
      ]);
    });

    it('covers the last 30 days by default', async () => {
      const overview = await api(ws.token).get('/api/v1/reports/overview');
      expect(Date.parse(overview.body.to)).to.be.closeTo(Date.now(), 60_000);
      expect(Date.parse(overview.body.to) - Date.parse(overview.body.from)).to.equal(30 * 24 * 60 * 60 * 1000);
      expect(overview.body.days.length).to.be.within(30, 31);
    });

    it('refuses a range that is reversed, too long or not a date, naming the field', async () => {
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/reports/overview?from=2026-10-05&to=2026-10-01'), 400, 'validation_failed'), 'from');
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/reports/overview?from=2024-01-01&to=2026-10-01'), 400, 'validation_failed'), 'to');
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/reports/overview?from=yesterday'), 400, 'validation_failed'), 'from');
    });

    it("counts nothing of another workspace's", async () => {
      const other = await newWorkspace(p.db);
      const overview = await api(other.token).get('/api/v1/reports/overview?from=2026-10-01&to=2026-10-05');
      expect(overview.body).to.include({ clicks: 0, creditedOrders: 0 });
      expect(overview.body.revenue).to.deep.equal([]);
      expect(overview.body.topCreators).to.deep.equal([]);
    });
  });
});
