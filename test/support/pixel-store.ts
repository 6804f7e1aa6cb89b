import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startDemoStore, type RunningDemoStore } from './demo-store';
import { requestJson } from './http';
import type { Pipeline } from './pipeline';
import { newWorkspace } from './store-setup';
import { waitFor } from './wait-for';

export type PixelStore = {
  demoStore: RunningDemoStore;
  store: string;
  integrationId: string;
  token: string;
  creatorId: string;
  /** A coupon of the creator's, enabled on the store's integration. */
  coupon: string;
};

/**
 * The demo store on its own origin, connected the way a store is: the real pixel's ping from the
 * store's origin, then Verify. With a creator and a coupon of theirs on the integration.
 */
export async function connectPixelStore(p: Pipeline, browser: Browser, coupon: string): Promise<PixelStore> {
  const { token } = await newWorkspace(p.db);
  const demoStore = await startDemoStore(p, token);
  const { origin: store, integrationId } = demoStore;
  const visit = await browser.newContext();
  await (await visit.newPage()).goto(`${store}/`);
  await waitFor(async () => {
    const verify = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/verify`, { method: 'POST', token });
    return verify.body.status === 'connected';
  }, 'the pixel ping to verify the store');
  await visit.close();

  const creator = await requestJson(`${p.adminUrl}/api/v1/creators`, { token, body: { name: 'Ava' } });
  const creatorId: string = creator.body.id;
  const created = await requestJson(`${p.adminUrl}/api/v1/coupons`, { token, body: { creatorId, code: coupon, integrationIds: [integrationId] } });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  return { demoStore, store, integrationId, token, creatorId, coupon };
}

/** The query of a demo store confirmation page. */
export function confirmationUrl(store: string, query: Record<string, string>, path = '/checkout/confirmation'): string {
  return `${store}${path}?${new URLSearchParams(query).toString()}`;
}
