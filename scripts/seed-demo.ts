import { trustedWorkspaceId } from '../core/domain/workspace-id';
import type { Db } from '../core/db';
import { randomString } from '../core/domain/ids';
import { parseWebsiteUrl } from '../core/domain/origin';
import { createCoupon } from '../core/repositories/coupons';
import { createCreator } from '../core/repositories/creators';
import { createIntegrationKey } from '../core/repositories/integration-keys';
import { connectIfPixelSeen, createIntegration, recordSignal } from '../core/repositories/integrations';
import { createLink } from '../core/repositories/links';
import { createWorkspace } from '../core/repositories/workspaces';
import { hashPassword } from '../core/people/passwords';

export type DemoSeed = {
  workspaceId: string;
  adminToken: string;
  integrationId: string;
  creatorId: string;
  linkCode: string;
  trackingUrl: string;
  couponCode: string;
  /** The integration's secret key, with which the demo store's server reports its orders too. */
  serverKey: string;
  /** The demo Admin signs in to the dashboard with these (people sign in; the token stays for scripts). */
  adminEmail: string;
  adminPassword: string;
};

/** A password for the demo workspace's first Admin (also for a seed saved before people signed in). */
export async function giveDemoAdminPassword(db: Db, workspaceId: string): Promise<{ adminEmail: string; adminPassword: string }> {
  const admin: { id: string; email: string } = await db('memberships as m')
    .join('users as u', 'u.id', 'm.user_id')
    .where({ 'm.workspace_id': workspaceId, 'm.role': 'admin' })
    .orderBy('m.created_at')
    .first('u.id', 'u.email');
  const adminPassword = `demo-${randomString(16)}`;
  await db('users')
    .where({ id: admin.id })
    .update({ password_hash: await hashPassword(adminPassword) });
  return { adminEmail: admin.email, adminPassword };
}

/** A secret key for the demo store's server (also given to a seed saved before keys existed). */
export async function createDemoServerKey(db: Db, seed: { workspaceId: string; integrationId: string }): Promise<string> {
  const { secret } = await createIntegrationKey(db, {
    workspaceId: trustedWorkspaceId(seed.workspaceId),
    integrationId: seed.integrationId,
    name: 'Demo store server',
  });
  return secret;
}

/**
 * A demo workspace: one creator with a tracking link and a coupon, both enabled on a custom
 * integration for the demo store, which is marked verified (as if its pixel had pinged), and a
 * secret key with which the demo store's server reports each order too.
 */
export async function seedDemo(db: Db, options: { storeUrl: string; publicIngestUrl: string }): Promise<DemoSeed> {
  const suffix = randomString(4);
  const { workspaceId, adminToken } = await createWorkspace(db, { name: `Demo workspace ${suffix}`, adminEmail: `admin+${suffix}@demo.influtrace.test` });
  const { websiteUrl, origin } = parseWebsiteUrl(options.storeUrl);
  const integration = await createIntegration(db, { workspaceId, websiteUrl, origin });
  await recordSignal(db, { integrationId: integration.id, origin, url: `${origin}/`, seenAt: new Date(), pings: 1 });
  await connectIfPixelSeen(db, integration.workspaceId, integration.id);
  // Issue 27: the demo creator earns 10 % of each order, so a newcomer sees a commission on the first one.
  const creator = await createCreator(db, { workspaceId, name: 'Ava Creator', email: 'ava@creators.demo.test', commission: { type: 'percent', percent: 10 } });
  const linkCode = `ava-${suffix}`;
  await createLink(db, { workspaceId, creatorId: creator.id, code: linkCode, destinationUrl: `${origin}/`, integrationIds: [integration.id] });
  const couponCode = `AVA10-${suffix.toUpperCase()}`;
  await createCoupon(db, { workspaceId, creatorId: creator.id, code: couponCode, integrationIds: [integration.id] });
  const serverKey = await createDemoServerKey(db, { workspaceId, integrationId: integration.id });
  const { adminEmail, adminPassword } = await giveDemoAdminPassword(db, workspaceId);
  return {
    adminEmail,
    adminPassword,
    workspaceId,
    adminToken,
    integrationId: integration.id,
    creatorId: creator.id,
    linkCode,
    trackingUrl: `${options.publicIngestUrl}/r/${linkCode}`,
    couponCode,
    serverKey,
  };
}
