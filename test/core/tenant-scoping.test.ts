import { expect } from 'chai';
import { createDb, type Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { findIntegration, findIntegrationInAnyWorkspace } from '../../core/repositories/integrations';
import { findEndpoint, findEndpointInAnyWorkspace } from '../../core/webhooks/endpoints';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';

/** Never called: `tsc` (npm run lint) fails if a workspace-scoped lookup may be called without its workspace. */
export function scopedLookupsRequireTheWorkspace(db: Db): void {
  // @ts-expect-error the workspace is required
  void findIntegration(db, 'int_x');
  // @ts-expect-error the workspace is required
  void findEndpoint(db, 'wh_x');
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
});
