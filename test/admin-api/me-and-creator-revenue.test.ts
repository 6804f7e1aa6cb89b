import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { adminClient, expectError, expectFieldNamed } from './api-client';

/** The two reads the dashboard needs: who is signed in (GET /me) and a creator's revenue per day (the report chart). */
describe('admin API: the caller and a creator revenue series', function () {
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let ws: { workspaceId: string; token: string };
  let memberToken: string;
  let memberEmail: string;
  let integrationId: string;
  let ava: string;
  let ben: string;

  async function insertOrder(o: { status: 'credited' | 'skipped'; creatorId?: string; minor: number; currency: string; at: string }) {
    await p.db('orders').insert({
      id: newId('ord'),
      workspace_id: ws.workspaceId,
      integration_id: integrationId,
      order_id: `o-${randomString(8)}`,
      status: o.status,
      reason: o.status === 'skipped' ? 'unattributable' : null,
      creator_id: o.creatorId ?? null,
      attributed_by: o.status === 'credited' ? 'coupon' : null,
      value_minor: o.minor,
      currency: o.currency,
      reported_at: o.at,
      processed_at: o.at,
    });
  }

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline();
    api = adminClient(p.adminUrl);
    ws = await newWorkspace(p.db);
    memberEmail = `Member-${randomString(6)}@Shop.test`;
    memberToken = (await api(ws.token).post('/api/v1/members', { email: memberEmail, role: 'member' })).body.token;
    integrationId = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://shop.example.com' })).body.id;
    ava = (await api(ws.token).post('/api/v1/creators', { name: 'Ava' })).body.id;
    ben = (await api(ws.token).post('/api/v1/creators', { name: 'Ben' })).body.id;
    await insertOrder({ status: 'credited', creatorId: ava, minor: 1000, currency: 'EUR', at: '2026-11-01T08:00:00Z' });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 550, currency: 'EUR', at: '2026-11-01T23:59:59Z' });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 2550, currency: 'USD', at: '2026-11-01T12:00:00Z' });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 3000, currency: 'JPY', at: '2026-11-03T00:00:00Z' });
    await insertOrder({ status: 'skipped', minor: 700, currency: 'EUR', at: '2026-11-02T10:00:00Z' });
    await insertOrder({ status: 'credited', creatorId: ben, minor: 100, currency: 'EUR', at: '2026-11-02T10:00:00Z' });
    await insertOrder({ status: 'credited', creatorId: ava, minor: 999, currency: 'EUR', at: '2026-12-01T10:00:00Z' });
  });
  after(async () => p?.stop());

  describe('GET /api/v1/me', () => {
    it("names the admin's workspace, email and role", async () => {
      const me = await api(ws.token).get('/api/v1/me');
      expect(me.status).to.equal(200);
      expect(me.body.workspace).to.deep.equal({ id: ws.workspaceId, name: 'Test shop' });
      expect(me.body.role).to.equal('admin');
      expect(me.body.user.email).to.match(/^admin-.*@shop\.test$/);
      expect(me.body.user.id).to.match(/^usr_/);
    });

    it('tells a member they are a member, with their email as stored (lower case)', async () => {
      const me = await api(memberToken).get('/api/v1/me');
      expect(me.status).to.equal(200);
      expect(me.body).to.deep.include({ role: 'member' });
      expect(me.body.user.email).to.equal(memberEmail.toLowerCase());
      expect(me.body.workspace.id).to.equal(ws.workspaceId);
    });

    it('answers 401 without a valid token', async () => {
      expectError(await api().get('/api/v1/me'), 401, 'unauthorized');
      expectError(await api('itk_not-a-token').get('/api/v1/me'), 401, 'unauthorized');
    });
  });

  describe('GET /api/v1/reports/creators/:creatorId/revenue', () => {
    it("sums one creator's credited orders per UTC day and currency, in minor units and as amounts, oldest first", async () => {
      const series = await api(ws.token).get(`/api/v1/reports/creators/${ava}/revenue?from=2026-11-01&to=2026-11-30`);
      expect(series.status).to.equal(200);
      expect(series.body).to.deep.include({ creatorId: ava, name: 'Ava', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
      expect(series.body.data).to.deep.equal([
        { day: '2026-11-01', currency: 'EUR', orders: 2, revenueMinor: 1550, revenue: 15.5 },
        { day: '2026-11-01', currency: 'USD', orders: 1, revenueMinor: 2550, revenue: 25.5 },
        { day: '2026-11-03', currency: 'JPY', orders: 1, revenueMinor: 3000, revenue: 3000 },
      ]);
    });

    it('leaves out skipped orders and other creators, and keeps to the range', async () => {
      const series = await api(ws.token).get(`/api/v1/reports/creators/${ben}/revenue?from=2026-11-02&to=2026-11-02`);
      expect(series.body.data).to.deep.equal([{ day: '2026-11-02', currency: 'EUR', orders: 1, revenueMinor: 100, revenue: 1 }]);
      const december = await api(ws.token).get(`/api/v1/reports/creators/${ava}/revenue?from=2026-12-01&to=2026-12-31`);
      expect(december.body.data.map((d: { revenueMinor: number }) => d.revenueMinor)).to.deep.equal([999]);
    });

    it('covers the 30 days before now when no range is given', async () => {
      const series = await api(ws.token).get(`/api/v1/reports/creators/${ava}/revenue`);
      expect(series.status).to.equal(200);
      const span = Date.parse(series.body.to) - Date.parse(series.body.from);
      expect(span).to.equal(30 * 24 * 60 * 60 * 1000);
      expect(Math.abs(Date.parse(series.body.to) - Date.now())).to.be.below(60_000);
    });

    it('is readable by a member', async () => {
      const series = await api(memberToken).get(`/api/v1/reports/creators/${ava}/revenue?from=2026-11-01&to=2026-11-30`);
      expect(series.status).to.equal(200);
      expect(series.body.data).to.have.length(3);
    });

    it("answers 404 for another workspace's creator and for an unknown id", async () => {
      const other = await newWorkspace(p.db);
      expectError(await api(other.token).get(`/api/v1/reports/creators/${ava}/revenue`), 404, 'not_found');
      expectError(await api(ws.token).get('/api/v1/reports/creators/cre_nope/revenue'), 404, 'not_found');
    });

    it('answers 400 naming the field for a bad, reversed or too long range', async () => {
      expectFieldNamed(expectError(await api(ws.token).get(`/api/v1/reports/creators/${ava}/revenue?from=last-week`), 400, 'validation_failed'), 'from');
      expectFieldNamed(
        expectError(await api(ws.token).get(`/api/v1/reports/creators/${ava}/revenue?from=2026-11-10&to=2026-11-01`), 400, 'validation_failed'),
        'from',
      );
      expectFieldNamed(
        expectError(await api(ws.token).get(`/api/v1/reports/creators/${ava}/revenue?from=2020-01-01&to=2026-11-01`), 400, 'validation_failed'),
        'to',
      );
    });
  });
});
