import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import type { Db } from '../../core/db';
import { createWorkspace } from '../../core/repositories/workspaces';
import { requestJson, sendBeacon } from './http';
import type { Pipeline } from './pipeline';
import { waitFor } from './wait-for';

export type ConnectedStore = { token: string; integrationId: string; creatorId: string; origin: string };

export async function newWorkspace(db: Db): Promise<{ workspaceId: WorkspaceId; token: string }> {
  const { workspaceId, adminToken } = await createWorkspace(db, { name: 'Test shop', adminEmail: `admin-${Date.now()}-${Math.random()}@shop.test` });
  return { workspaceId, token: adminToken };
}

/** Through the public interfaces only: add the integration, the pixel pings from the store, Verify connects it. */
export async function connectStore(p: Pipeline, origin: string, token?: string): Promise<ConnectedStore> {
  const owner = token ?? (await newWorkspace(p.db)).token;
  const created = await requestJson(`${p.adminUrl}/api/v1/integrations`, { token: owner, body: { type: 'custom', websiteUrl: origin } });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const integrationId: string = created.body.id;
  const ping = await sendBeacon(p.ingestUrl, origin, { id: integrationId, type: 'ping', url: `${origin}/` });
  expect(ping.status).to.equal(202);
  await waitFor(async () => {
    const verify = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/verify`, { method: 'POST', token: owner });
    return verify.body.status === 'connected';
  }, 'the integration to be verified');
  const creator = await requestJson(`${p.adminUrl}/api/v1/creators`, { token: owner, body: { name: 'Ava' } });
  return { token: owner, integrationId, creatorId: creator.body.id, origin };
}

/** Waits until the order has an outcome, and returns it as the admin API lists it. */
export async function orderOutcome(p: Pipeline, store: { token: string; integrationId: string }, orderId: string): Promise<any> {
  return waitFor(async () => {
    const list = await requestJson(`${p.adminUrl}/api/v1/orders?integrationId=${store.integrationId}`, { token: store.token });
    return list.body.data?.find((o: { orderId: string }) => o.orderId === orderId);
  }, `order ${orderId} to be processed`);
}
