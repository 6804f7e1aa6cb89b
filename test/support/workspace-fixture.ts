import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import { newId, randomString } from '../../core/domain/ids';
import { requestJson } from './http';
import type { Pipeline } from './pipeline';
import { newWorkspace } from './store-setup';
import { startSession } from '../../core/people/sessions';

/** One workspace with one of everything, made through the admin API, and the ids a matrix needs by resource. */
export type WorkspaceFixture = {
  workspaceId: WorkspaceId;
  adminToken: string;
  memberToken: string;
  integrationId: string;
  creatorId: string;
  linkId: string;
  couponId: string;
  adminUserId: string;
  memberUserId: string;
  adminTokenId: string;
  integrationKeyId: string;
  webhookId: string;
  /** An order credited to the creator (written straight into PostgreSQL: no order comes through the admin API). */
  orderRowId: string;
  /** Session cookies of the same Admin and Member (people signed in to the dashboard): every route takes them as it takes tokens. */
  adminSession: string;
  memberSession: string;
  invitationId: string;
  /** A pending payout of one approved commission of that order (written straight into PostgreSQL). */
  payoutId: string;
  /** Ids by the resource name that precedes `{id}` in an API path (`sessions`: a spare session of the Member's). */
  ids: Record<string, string>;
};

export async function createWorkspaceFixture(p: Pipeline, site: string): Promise<WorkspaceFixture> {
  const { token, workspaceId } = await newWorkspace(p.db);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await requestJson(`${p.adminUrl}${path}`, { method, token, body });
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).to.be.within(200, 201);
    return response.body;
  };
  const integration = await call('POST', '/api/v1/integrations', { type: 'custom', websiteUrl: site });
  const creator = await call('POST', '/api/v1/creators', { name: `Creator of ${site}` });
  const key = await call('POST', `/api/v1/integrations/${integration.id}/keys`, { name: `Server of ${site}` });
  const link = await call('POST', '/api/v1/links', { creatorId: creator.id, destinationUrl: `${site}/spring`, integrationIds: [integration.id] });
  const coupon = await call('POST', '/api/v1/coupons', { creatorId: creator.id, code: `SAVE-${randomString(6)}`, integrationIds: [integration.id] });
  const webhook = await call('POST', '/api/v1/webhooks', { url: `${site}/webhooks`, events: ['order.credited'] });
  const member = await call('POST', '/api/v1/members', { email: `member-${randomString(8)}@fixture.test`, role: 'member' });
  const members = await call('GET', '/api/v1/members');
  const admin = members.data.find((m: { role: string }) => m.role === 'admin');
  const tokens = await call('GET', '/api/v1/tokens');
  const adminTokenId = tokens.data.find((t: { userId: string }) => t.userId === admin.id).id;
  const invitation = await call('POST', '/api/v1/invitations', { email: `invited-${randomString(8)}@fixture.test`, role: 'member' });
  const signIn = (userId: string) => startSession(p.db, { workspaceId, userId, userAgent: 'fixture' });
  const [adminSession, memberSession, spareSession] = [await signIn(admin.id), await signIn(member.id), await signIn(member.id)];
  const orderRowId = newId('ord');
  await p.db('orders').insert({
    id: orderRowId,
    workspace_id: workspaceId,
    integration_id: integration.id,
    order_id: `fixture-${randomString(8)}`,
    status: 'credited',
    creator_id: creator.id,
    attributed_by: 'coupon',
    coupon_id: coupon.id,
    value_minor: 4200,
    currency: 'EUR',
    reported_at: new Date(),
  });
  const payoutId = `po_${randomString(20)}`;
  await p.db('payouts').insert({ id: payoutId, workspace_id: workspaceId, creator_id: creator.id, currency: 'EUR', amount_minor: 420, commission_count: 1 });
  await p.db('commissions').insert({
    id: newId('com'),
    workspace_id: workspaceId,
    order_row_id: orderRowId,
    creator_id: creator.id,
    kind: 'sale',
    status: 'approved',
    currency: 'EUR',
    amount_minor: 420,
    base_minor: 4200,
    rule: JSON.stringify({ type: 'percent', percent: 10 }),
    approved_at: new Date(),
    payout_id: payoutId,
  });
  return {
    workspaceId,
    adminToken: token,
    memberToken: member.token,
    integrationId: integration.id,
    creatorId: creator.id,
    linkId: link.id,
    couponId: coupon.id,
    adminUserId: admin.id,
    memberUserId: member.id,
    adminTokenId,
    integrationKeyId: key.id,
    webhookId: webhook.id,
    orderRowId,
    adminSession: adminSession.cookieValue,
    memberSession: memberSession.cookieValue,
    invitationId: invitation.id,
    payoutId,
    ids: {
      invitations: invitation.id,
      sessions: spareSession.id,
      integrations: integration.id,
      creators: creator.id,
      links: link.id,
      coupons: coupon.id,
      members: admin.id,
      tokens: adminTokenId,
      webhooks: webhook.id,
      keys: key.id,
      orders: orderRowId,
      payouts: payoutId,
    },
  };
}

/** Every id of the fixture, to look for in another workspace's answers. */
export function allIdsOf(f: WorkspaceFixture): string[] {
  return [
    f.integrationId,
    f.creatorId,
    f.linkId,
    f.couponId,
    f.adminUserId,
    f.memberUserId,
    f.adminTokenId,
    f.webhookId,
    f.orderRowId,
    f.integrationKeyId,
    f.invitationId,
    f.payoutId,
  ];
}
