import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';
import { requestJson, sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { adminClient, expectError, expectFieldNamed } from './api-client';

/**
 * Orders and clicks are written straight into PostgreSQL, at chosen times: these tests are about
 * what the admin API reads back, not about how the pipeline decides (tested elsewhere).
 */
describe('admin API orders, reports and troubleshooting', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let ws: { workspaceId: string; token: string };
  let integrationId: string;
  let otherIntegrationId: string;
  let ava: string;
  let ben: string;
  let avaLink: string;

  async function insertOrder(o: {
    integration?: string;
    status: 'credited' | 'skipped';
    creatorId?: string;
    reason?: string;
    minor: number;
    currency: string;
    at: string;
  }) {
    const orderId = `o-${randomString(8)}`;
    await p.db('orders').insert({
      id: newId('ord'),
      workspace_id: ws.workspaceId,
      integration_id: o.integration ?? integrationId,
      order_id: orderId,
      status: o.status,
      reason: o.reason ?? null,
      creator_id: o.creatorId ?? null,
      attributed_by: o.status === 'credited' ? 'link' : null,
      value_minor: o.minor,
      currency: o.currency,
      reported_at: o.at,
      processed_at: o.at,
    });
    return orderId;
  }

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    api = adminClient(p.adminUrl);
    ws = await newWorkspace(p.db);
    integrationId = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://shop.example.com' })).body.id;
    otherIntegrationId = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://outlet.example.com' })).body.id;
    ava = (await api(ws.token).post('/api/v1/creators', { name: 'Ava' })).body.id;
    ben = (await api(ws.token).post('/api/v1/creators', { name: '=HYPERLINK("http://evil.test","Ben, "the" best")' })).body.id;
    avaLink = (await api(ws.token).post('/api/v1/links', { creatorId: ava, destinationUrl: 'https://shop.example.com/', integrationIds: [integrationId] })).body
      .id;
    await api(ws.token).post('/api/v1/coupons', { creatorId: ava, code: `AVA-${randomString(4)}`, integrationIds: [integrationId] });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 1000, currency: 'EUR', at: '2026-11-01T10:00:00Z' });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 2550, currency: 'USD', at: '2026-11-10T10:00:00Z' });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 500, currency: 'EUR', at: '2026-12-05T10:00:00Z' });
    await insertOrder({ status: 'skipped', reason: 'unattributable', minor: 700, currency: 'EUR', at: '2026-11-11T10:00:00Z' });
    await insertOrder({ status: 'skipped', reason: 'not_connected', minor: 700, currency: 'EUR', at: '2026-11-12T10:00:00Z' });
    await insertOrder({ integration: otherIntegrationId, status: 'credited', creatorId: ben, minor: 100, currency: 'EUR', at: '2026-11-15T10:00:00Z' });
    const clicks = ['2026-11-01T09:00:00Z', '2026-11-02T09:00:00Z', '2026-11-03T09:00:00Z', '2026-11-04T09:00:00Z', '2026-12-01T09:00:00Z'];
    // The visitor of 1 November came back on the 2nd and 3rd: those two are not unique.
    const unique = [true, false, false, true, true];
    await p
      .db('clicks')
      .insert(clicks.map((at, i) => ({ id: newId('clk'), link_id: avaLink, workspace_id: ws.workspaceId, clicked_at: at, is_unique: unique[i] })));
  });
  after(async () => p?.stop());

  describe('GET /api/v1/orders', () => {
    it('filters by processedAt from (inclusive) and to (a date alone includes that day)', async () => {
      const list = await api(ws.token).get('/api/v1/orders?from=2026-11-10&to=2026-11-12');
      expect(list.body.data.map((o: { processedAt: string }) => o.processedAt)).to.deep.equal([
        '2026-11-12T10:00:00.000Z',
        '2026-11-11T10:00:00.000Z',
        '2026-11-10T10:00:00.000Z',
      ]);
    });

    it('filters by creator, integration and status together', async () => {
      const byCreator = await api(ws.token).get(`/api/v1/orders?creatorId=${ava}&status=credited&integrationId=${integrationId}`);
      expect(byCreator.body.data).to.have.length(3);
      const other = await api(ws.token).get(`/api/v1/orders?integrationId=${otherIntegrationId}`);
      expect(other.body.data.map((o: { creatorId: string }) => o.creatorId)).to.deep.equal([ben]);
      const skipped = await api(ws.token).get('/api/v1/orders?status=skipped');
      expect(skipped.body.data.map((o: { reason: string }) => o.reason).sort()).to.deep.equal(['not_connected', 'unattributable']);
    });

    it('pages newest first through nextCursor without repeating or losing an order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: { orderId: string }[]; nextCursor: string | null } } = await api(ws.token).get(
          `/api/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.body.data.length).to.be.at.most(2);
        seen.push(...page.body.data.map((o) => o.orderId));
        cursor = page.body.nextCursor;
      } while (cursor);
      const all = await api(ws.token).get('/api/v1/orders');
      expect(all.body.nextCursor).to.equal(null);
      expect(seen).to.deep.equal(all.body.data.map((o: { orderId: string }) => o.orderId));
      expect(seen).to.have.length(6);
    });

    it('answers 400 naming the field for a bad date or cursor', async () => {
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/orders?from=yesterday'), 400, 'validation_failed'), 'from');
      expectFieldNamed(expectError(await api(ws.token).get('/api/v1/orders?cursor=abc'), 400, 'validation_failed'), 'cursor');
    });
  });

  describe('GET /api/v1/reports/creators', () => {
    it('counts clicks, unique clicks, credited orders, revenue per currency and conversion rate per unique click within the range', async () => {
      const report = await api(ws.token).get('/api/v1/reports/creators?from=2026-11-01&to=2026-11-30');
      expect(report.status).to.equal(200);
      const avaRow = report.body.data.find((r: { creatorId: string }) => r.creatorId === ava);
      expect(avaRow).to.deep.include({ clicks: 4, uniqueClicks: 2, orders: 2, revenue: { EUR: 10, USD: 25.5 }, conversionRate: 1 });
      const benRow = report.body.data.find((r: { creatorId: string }) => r.creatorId === ben);
      expect(benRow).to.deep.include({ clicks: 0, uniqueClicks: 0, orders: 1, conversionRate: null });
    });

    it('counts everything without a range', async () => {
      const report = await api(ws.token).get('/api/v1/reports/creators');
      const avaRow = report.body.data.find((r: { creatorId: string }) => r.creatorId === ava);
      expect(avaRow).to.deep.include({ clicks: 5, uniqueClicks: 3, orders: 3, revenue: { EUR: 15, USD: 25.5 } });
    });

    it('exports CSV with a header row, quoted fields and formula cells neutralised', async () => {
      for (const [query, headers] of [
        ['?format=csv&from=2026-11-01&to=2026-11-30', {}],
        ['?from=2026-11-01&to=2026-11-30', { Accept: 'text/csv' }],
      ] as const) {
        const csv = await requestJson(`${p.adminUrl}/api/v1/reports/creators${query}`, { token: ws.token, headers });
        expect(csv.status).to.equal(200);
        expect(csv.headers.get('content-type')).to.match(/^text\/csv/);
        const lines = (csv.body as string).trimEnd().split('\r\n');
        expect(lines[0]).to.equal(
          'creatorId,name,clicks,uniqueClicks,orders,conversionRate,revenueEUR,revenueUSD,refundedEUR,refundedUSD,netRevenueEUR,netRevenueUSD',
        );
        expect(lines).to.include(`${ava},Ava,4,2,2,1,10,25.5,0,0,10,25.5`);
        expect(lines).to.include(`${ben},"'=HYPERLINK(""http://evil.test"",""Ben, ""the"" best"")",0,0,1,,1,0,0,0,1,0`);
      }
    });
  });

  describe('GET /api/v1/integrations/:id/troubleshooting', () => {
    it('answers enabled, connected, origin and attributable from data, with checks', async () => {
      await sendBeacon(p.ingestUrl, 'https://www.shop.example.com', { id: integrationId, type: 'ping', url: 'https://www.shop.example.com/' });
      const answer = await waitFor(async () => {
        const t = await api(ws.token).get(`/api/v1/integrations/${integrationId}/troubleshooting`);
        return t.body.origin?.otherOriginsSeen?.length ? t : undefined;
      }, 'the other origin to be recorded');
      expect(answer.body.enabled).to.deep.equal({ links: 1, coupons: 1 });
      expect(answer.body.connected).to.include({ status: 'pending', connectedAt: null, lastPixelActivityAt: null });
      expect(answer.body.origin.registered).to.equal('https://shop.example.com');
      expect(answer.body.origin.otherOriginsSeen[0].origin).to.equal('https://www.shop.example.com');
      expect(answer.body.attributable).to.deep.equal({ credited: 3, skipped: 2, skippedByReason: { unattributable: 1, not_connected: 1 } });
      expect(answer.body.checks.map((c: { ok: boolean }) => c.ok)).to.deep.equal([true, false, false, false]);
      expect(answer.body.checks[2].detail).to.include('https://www.shop.example.com');
    });

    it('answers not enabled for an integration on no link or coupon', async () => {
      const t = await api(ws.token).get(`/api/v1/integrations/${otherIntegrationId}/troubleshooting`);
      expect(t.body.enabled).to.deep.equal({ links: 0, coupons: 0 });
      expect(t.body.checks[0].ok).to.equal(false);
    });
  });
});
