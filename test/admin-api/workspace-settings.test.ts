import { expect } from 'chai';
import { randomString } from '../../core/domain/ids';
import { sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, newWorkspace, orderOutcome, type ConnectedStore } from '../support/store-setup';
import { DAY_MS, insertClick } from '../workflows/order-fixtures';
import { adminClient, expectError, expectFieldNamed } from './api-client';

describe('admin API workspace settings', function () {
  this.timeout(120_000);
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let store: ConnectedStore;
  let workspaceId: string;
  let memberToken: string;
  const origin = 'https://settings.example.com';

  before(async function () {
    p = await startPipeline();
    api = adminClient(p.adminUrl);
    store = await connectStore(p, origin);
    workspaceId = (await p.db('integrations').where({ id: store.integrationId }).first('workspace_id')).workspace_id;
    memberToken = (await api(store.token).post('/api/v1/members', { email: `member-${randomString(8)}@settings.test`, role: 'member' })).body.token;
  });
  after(async () => p?.stop());

  // Issue 27: the commission settings every workspace starts with.
  const commissionDefaults = { commission: null, commissionHoldDays: 30, minimumPayout: {} };

  describe('GET /api/v1/workspace', () => {
    it('answers the id, the name and the 30-day default window, to an Admin and to a Member alike', async () => {
      for (const token of [store.token, memberToken]) {
        const answer = await api(token).get('/api/v1/workspace');
        expect(answer.status).to.equal(200);
        expect(answer.body).to.deep.equal({
          id: workspaceId,
          name: 'Test shop',
          attributionWindowDays: 30,
          ...commissionDefaults,
          requireTwoFactor: false,
          sso: null,
        });
      }
    });

    it("answers each workspace its own settings, never another's", async () => {
      const other = await newWorkspace(p.db);
      await api(other.token).patch('/api/v1/workspace', { name: 'Other shop', attributionWindowDays: 7 });
      expect((await api(other.token).get('/api/v1/workspace')).body).to.deep.equal({
        id: other.workspaceId,
        name: 'Other shop',
        attributionWindowDays: 7,
        ...commissionDefaults,
        requireTwoFactor: false,
        sso: null,
      });
      expect((await api(store.token).get('/api/v1/workspace')).body).to.include({ id: workspaceId, name: 'Test shop', attributionWindowDays: 30 });
    });
  });

  describe('PATCH /api/v1/workspace', () => {
    afterEach(async () => {
      await p.db('workspaces').where({ id: workspaceId }).update({ name: 'Test shop', attribution_window_days: 30 });
    });

    it('changes only the fields given, and GET answers the change', async () => {
      const renamed = await api(store.token).patch('/api/v1/workspace', { name: '  Ava & Co  ' });
      expect(renamed.status).to.equal(200);
      expect(renamed.body).to.deep.equal({
        id: workspaceId,
        name: 'Ava & Co',
        attributionWindowDays: 30,
        ...commissionDefaults,
        requireTwoFactor: false,
        sso: null,
      });
      const widened = await api(store.token).patch('/api/v1/workspace', { attributionWindowDays: 365 });
      expect(widened.body).to.deep.equal({
        id: workspaceId,
        name: 'Ava & Co',
        attributionWindowDays: 365,
        ...commissionDefaults,
        requireTwoFactor: false,
        sso: null,
      });
      expect((await api(memberToken).get('/api/v1/workspace')).body.attributionWindowDays).to.equal(365);
    });

    it('accepts the bounds of the window, 1 and 365 days', async () => {
      for (const days of [1, 365])
        expect((await api(store.token).patch('/api/v1/workspace', { attributionWindowDays: days })).body.attributionWindowDays).to.equal(days);
    });

    it('refuses a window outside 1–365 days, or not a whole number, with a 400 naming the field, and changes nothing', async () => {
      for (const attributionWindowDays of [0, 366, -5, 1.5, '30', null]) {
        const refused = await api(store.token).patch('/api/v1/workspace', { attributionWindowDays, name: 'Should not stick' });
        expectFieldNamed(expectError(refused, 400, 'validation_failed'), 'attributionWindowDays');
      }
      expect((await api(store.token).get('/api/v1/workspace')).body).to.include({ name: 'Test shop', attributionWindowDays: 30 });
    });

    it('refuses an empty name and a field it does not know, naming them', async () => {
      expectFieldNamed(expectError(await api(store.token).patch('/api/v1/workspace', { name: '   ' }), 400, 'validation_failed'), 'name');
      const unknown = expectError(await api(store.token).patch('/api/v1/workspace', { attributionWindow: 60 }), 400, 'validation_failed');
      expect(unknown.message).to.include('attributionWindow');
    });

    it("refuses a Member with 403 and keeps the workspace's settings", async () => {
      expectError(await api(memberToken).patch('/api/v1/workspace', { name: 'Taken over', attributionWindowDays: 365 }), 403, 'forbidden');
      expect((await api(store.token).get('/api/v1/workspace')).body).to.include({ name: 'Test shop', attributionWindowDays: 30 });
    });

    it('refuses without a token', async () => {
      expectError(await api().patch('/api/v1/workspace', { name: 'Anonymous' }), 401, 'unauthorized');
    });
  });

  describe('the attribution window, enforced by the order workflow', () => {
    after(async () => {
      await p.db('workspaces').where({ id: workspaceId }).update({ attribution_window_days: 30 });
    });

    it('credits a 10-day-old click with the default 30 days, not once the window is 7 days, and again at 11 days', async () => {
      const link = await api(store.token).post('/api/v1/links', {
        creatorId: store.creatorId,
        destinationUrl: `${origin}/`,
        integrationIds: [store.integrationId],
      });
      const tenDaysAgo = new Date(Date.now() - 10 * DAY_MS);
      const order = async () => {
        const orderId = `WINDOW-${randomString(8)}`;
        const itc = await insertClick(p.db, { id: link.body.id, workspaceId }, tenDaysAgo);
        const beacon = {
          id: store.integrationId,
          type: 'order',
          url: `${origin}/thanks`,
          order: { orderId, value: 20, currency: 'EUR' },
          attribution: { itc },
        };
        expect((await sendBeacon(p.ingestUrl, origin, beacon)).status).to.equal(202);
        return orderOutcome(p, store, orderId);
      };

      expect(await order()).to.include({ status: 'credited', attributedBy: 'link', creatorId: store.creatorId });
      expect((await api(store.token).patch('/api/v1/workspace', { attributionWindowDays: 7 })).status).to.equal(200);
      expect(await order()).to.include({ status: 'skipped', reason: 'unattributable' });
      expect((await api(store.token).patch('/api/v1/workspace', { attributionWindowDays: 11 })).status).to.equal(200);
      expect(await order()).to.include({ status: 'credited', attributedBy: 'link' });
    });
  });
});
