import { expect } from 'chai';
import { createDb, type Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { listCommissions } from '../../core/commissions/list-commissions';
import { listPayouts } from '../../core/commissions/payouts';
import type { WorkspaceId } from '../../core/domain/workspace-id';
import { listPendingInvitations } from '../../core/people/invitations';
import { findSignedInMember } from '../../core/people/sign-in';
import { listCoupons } from '../../core/repositories/coupons';
import { createCreator, listCreators } from '../../core/repositories/creators';
import { linkEnablement, setEnabledIntegrations } from '../../core/repositories/enabled-integrations';
import { createIntegrationKey, findIntegrationKey, listIntegrationKeys, revokeIntegrationKey } from '../../core/repositories/integration-keys';
import {
  disconnectIntegration,
  findIntegration,
  findIntegrationInAnyWorkspace,
  listSignals,
  recentSignals,
  recordSignal,
  updateConfirmationSettings,
} from '../../core/repositories/integrations';
import { createLink, findLink } from '../../core/repositories/links';
import { listMembers } from '../../core/repositories/members';
import { findOrderDetail } from '../../core/repositories/order-detail';
import { listOrders } from '../../core/repositories/orders';
import { workspaceOverview } from '../../core/repositories/overview';
import { listTokens } from '../../core/repositories/tokens';
import { integrationFacts } from '../../core/repositories/troubleshooting';
import { findWorkspaceSettings } from '../../core/repositories/workspace-settings';
import { createWorkspace } from '../../core/repositories/workspaces';
import { listDeliveries } from '../../core/webhooks/deliveries';
import { findEndpoint, findEndpointInAnyWorkspace, listEndpoints, rotateSecret } from '../../core/webhooks/endpoints';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';

/** Never called: `tsc` (npm run lint) fails if a workspace-scoped lookup may be called without its workspace. */
export function scopedLookupsRequireTheWorkspace(db: Db): void {
  // @ts-expect-error the workspace is required
  void findIntegration(db, 'int_x');
  // @ts-expect-error the workspace is required
  void findEndpoint(db, 'wh_x');
}

const page = { limit: 10, offset: 0 };

/**
 * Never called: `tsc` (npm run lint) fails unless each line is refused. A workspace id a request
 * carries is a plain string, and no repository takes one where a WorkspaceId is required.
 */
export function aPlainStringIsNoWorkspaceId(db: Db, fromARequest: string): void {
  // @ts-expect-error a plain string is not a WorkspaceId
  void findIntegration(db, 'int_x', fromARequest);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listCreators(db, fromARequest, page);
  // @ts-expect-error a plain string is not a WorkspaceId
  void findLink(db, 'lnk_x', fromARequest);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listCoupons(db, fromARequest, page);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listOrders(db, { workspaceId: fromARequest, limit: 1 });
  // @ts-expect-error a plain string is not a WorkspaceId
  void findOrderDetail(db, fromARequest, 'ord_x');
  // @ts-expect-error a plain string is not a WorkspaceId
  void listMembers(db, fromARequest, page);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listTokens(db, fromARequest, page);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listPendingInvitations(db, fromARequest);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listEndpoints(db, fromARequest, page);
  // @ts-expect-error a plain string is not a WorkspaceId
  void listPayouts(db, { workspaceId: fromARequest });
  // @ts-expect-error a plain string is not a WorkspaceId
  void listCommissions(db, { workspaceId: fromARequest });
  // @ts-expect-error a plain string is not a WorkspaceId
  void findWorkspaceSettings(db, fromARequest);
  // @ts-expect-error a plain string is not a WorkspaceId
  void workspaceOverview(db, { workspaceId: fromARequest, from: new Date(), to: new Date() });
  // @ts-expect-error a plain string is not a WorkspaceId
  void findSignedInMember(db, 'usr_x', fromARequest);
}

/** Never called: the functions on a child of an integration or endpoint do not take the child's id alone. */
export function aChildIdAloneIsNotEnough(db: Db, key: Buffer): void {
  // @ts-expect-error the workspace is required
  void listDeliveries(db, 'wh_x', page);
  // @ts-expect-error the workspace is required
  void rotateSecret(db, key, 'wh_x');
  // @ts-expect-error the workspace is required
  void listIntegrationKeys(db, 'int_x', page);
  // @ts-expect-error the workspace is required
  void revokeIntegrationKey(db, 'int_x', 'key_x');
  // @ts-expect-error the workspace is required
  void listSignals(db, 'int_x');
  // @ts-expect-error the workspace is required
  void integrationFacts(db, 'int_x');
  // @ts-expect-error the workspace is required
  void disconnectIntegration(db, 'int_x');
  // @ts-expect-error the workspace is required
  void setEnabledIntegrations(db, linkEnablement, 'lnk_x', ['int_x']);
  // @ts-expect-error the workspace is required
  void findSignedInMember(db, 'usr_x');
}

describe('tenant scoping of the repository lookups', () => {
  let db: Db;
  before(() => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 2 });
  });
  after(async () => {
    await db?.destroy();
  });

  it("finds a workspace's integration and endpoint only in that workspace; the cross-workspace lookups are named so", async () => {
    const mine = await newWorkspace(db);
    const theirs = await newWorkspace(db);
    const integrationId = newId('int');
    await db('integrations').insert({
      id: integrationId,
      workspace_id: mine.workspaceId,
      type: 'custom',
      website_url: 'https://a.example.com',
      origin: 'https://a.example.com',
    });
    const endpointId = newId('wh');
    await db('webhook_endpoints').insert({
      id: endpointId,
      workspace_id: mine.workspaceId,
      url: 'https://a.example.com/hook',
      events: ['order.credited'],
      secret_ciphertext: 'x',
    });

    expect((await findIntegration(db, integrationId, mine.workspaceId))?.id).to.equal(integrationId);
    expect(await findIntegration(db, integrationId, theirs.workspaceId)).to.equal(null);
    expect((await findIntegrationInAnyWorkspace(db, integrationId))?.id).to.equal(integrationId);
    expect((await findEndpoint(db, endpointId, mine.workspaceId))?.id).to.equal(endpointId);
    expect(await findEndpoint(db, endpointId, theirs.workspaceId)).to.equal(null);
    expect((await findEndpointInAnyWorkspace(db, endpointId))?.id).to.equal(endpointId);
  });

  it("answers nothing and changes nothing when another workspace names one's integration, key, signal, endpoint, delivery or link", async () => {
    const mine = await createWorkspace(db, { name: 'Mine', adminEmail: `mine-${newId('usr')}@shop.test` });
    const theirs: WorkspaceId = (await newWorkspace(db)).workspaceId;
    const ws = mine.workspaceId;
    const integrationId = newId('int');
    const origin = 'https://scoped.example.com';
    await db('integrations').insert({ id: integrationId, workspace_id: ws, type: 'custom', website_url: origin, origin });
    const { key } = await createIntegrationKey(db, { workspaceId: ws, integrationId, name: 'server' });
    await recordSignal(db, { integrationId, origin, url: `${origin}/`, seenAt: new Date(), pings: 1 });
    const creator = await createCreator(db, { workspaceId: ws, name: 'Scoped' });
    const link = await createLink(db, {
      workspaceId: ws,
      creatorId: creator.id,
      code: `sc-${newId('lnk').slice(4, 14)}`,
      destinationUrl: `${origin}/`,
      integrationIds: [integrationId],
    });
    const endpointId = newId('wh');
    await db('webhook_endpoints').insert({ id: endpointId, workspace_id: ws, url: `${origin}/hook`, events: ['order.credited'], secret_ciphertext: 'x' });
    const eventId = newId('evt');
    await db('webhook_events').insert({ id: eventId, workspace_id: ws, type: 'order.credited', data: {}, dedupe_key: eventId });
    await db('webhook_deliveries').insert({ id: newId('whd'), endpoint_id: endpointId, event_id: eventId, attempt: 1, status: 'succeeded' });

    // The owner sees each of them: the answers below are empty because of the workspace, not for want of rows.
    expect((await listIntegrationKeys(db, ws, integrationId, page)).map((k) => k.id)).to.deep.equal([key.id]);
    expect((await listSignals(db, ws, integrationId)).map((s) => s.origin)).to.deep.equal([origin]);
    expect((await integrationFacts(db, ws, integrationId)).enabledOn).to.deep.equal({ links: 1, coupons: 0 });
    expect(await listDeliveries(db, ws, endpointId, page)).to.have.length(1);
    expect(await findSignedInMember(db, mine.userId, ws)).to.include({ userId: mine.userId, workspaceId: ws });

    expect(await listIntegrationKeys(db, theirs, integrationId, page)).to.deep.equal([]);
    expect(await findIntegrationKey(db, theirs, integrationId, key.id)).to.equal(null);
    expect(await revokeIntegrationKey(db, theirs, integrationId, key.id)).to.equal(null);
    expect(await listSignals(db, theirs, integrationId)).to.deep.equal([]);
    expect(await recentSignals(db, theirs, integrationId, { limit: 5 })).to.deep.equal({ signals: [], total: 0 });
    expect(await integrationFacts(db, theirs, integrationId)).to.deep.equal({
      enabledOn: { links: 0, coupons: 0 },
      orders: { credited: 0, skipped: 0, skippedByReason: {} },
    });
    expect(await updateConfirmationSettings(db, theirs, integrationId, { requireServerConfirmation: true, confirmationWindowHours: 1 })).to.equal(null);
    expect(await disconnectIntegration(db, theirs, integrationId)).to.equal(null);
    expect(await listDeliveries(db, theirs, endpointId, page)).to.deep.equal([]);
    expect(await rotateSecret(db, Buffer.alloc(32), { workspaceId: theirs, id: endpointId })).to.equal(null);
    await setEnabledIntegrations(db, linkEnablement, { workspaceId: theirs, id: link.id }, []);
    expect(await findSignedInMember(db, mine.userId, theirs)).to.equal(null);

    // And nothing of mine changed.
    expect((await findIntegrationKey(db, ws, integrationId, key.id))?.revokedAt).to.equal(null);
    expect(await findIntegration(db, integrationId, ws)).to.include({ status: 'pending', requireServerConfirmation: false });
    expect(await db('webhook_endpoints').where({ id: endpointId }).first('secret_ciphertext')).to.deep.equal({ secret_ciphertext: 'x' });
    expect((await findLink(db, link.id, ws))?.integrationIds).to.deep.equal([integrationId]);
  });

  it("enables on a link only the workspace's own integrations, whatever ids it is given", async () => {
    const mine = (await newWorkspace(db)).workspaceId;
    const theirs = (await newWorkspace(db)).workspaceId;
    const [own, foreign] = [newId('int'), newId('int')];
    await db('integrations').insert([
      { id: own, workspace_id: mine, type: 'custom', website_url: 'https://own.example.com', origin: 'https://own.example.com' },
      { id: foreign, workspace_id: theirs, type: 'custom', website_url: 'https://foreign.example.com', origin: 'https://foreign.example.com' },
    ]);
    const creator = await createCreator(db, { workspaceId: mine, name: 'Enabler' });
    const link = await createLink(db, {
      workspaceId: mine,
      creatorId: creator.id,
      code: `en-${newId('lnk').slice(4, 14)}`,
      destinationUrl: 'https://own.example.com/',
      integrationIds: [],
    });
    await setEnabledIntegrations(db, linkEnablement, link, [own, foreign]);
    expect((await findLink(db, link.id, mine))?.integrationIds).to.deep.equal([own]);
  });
});
