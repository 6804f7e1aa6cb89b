import type { WorkspaceId } from '../../core/domain/workspace-id';
import { expect } from 'chai';
import type { Config } from '../../core/config';
import { createLogger } from '../../core/logger';
import { revokeIntegrationKey } from '../../core/repositories/integration-keys';
import { disconnectIntegration } from '../../core/repositories/integrations';
import { storeRefund } from '../../core/repositories/refunds';
import { startIngest } from '../../ingest/start-ingest';
import { errorOf } from '../support/raw-http';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { openBacking, type Backing } from './ingest-harness';
import { SERVER_REFUNDS_PATH, announceIntegrationChange, keyedIntegration, postAsServer, queuedRefunds, type KeyedIntegration } from './server-harness';

describe("ingest, the store server's refunds (POST /api/v1/integrations/custom/refunds)", function () {
  let config: Config;
  let ingest: Awaited<ReturnType<typeof startIngest>>;
  let backing: Backing;
  let workspaceId: WorkspaceId;
  let store: KeyedIntegration;
  let seq = 0;
  const refund = (overrides: Record<string, unknown> = {}) => ({
    orderId: 'ORD-1',
    refundId: `RF-${Date.now()}-${++seq}`,
    value: 10,
    currency: 'usd',
    ...overrides,
  });
  const queuedRefundIds = async () => (await queuedRefunds(backing)).map((q) => q.refund.refundId);

  before(async () => {
    config = testConfig();
    ingest = await startIngest(config, createLogger({ level: 'silent', name: 'test' }), 0);
    backing = openBacking(config);
    ({ workspaceId } = await newWorkspace(backing.db));
    store = await keyedIntegration(backing.db, workspaceId, 'https://refund-shop.example.com');
  });
  after(async () => {
    await ingest?.close();
    await backing?.close();
  });

  it("queues the refund for the key's integration and workspace, trimmed and upper-cased, and answers 202 with its refundId", async () => {
    const res = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, store.secret, { orderId: ' ORD-7 ', refundId: ' RF-7 ', value: 12.5, currency: 'eur' });
    expect(res.status, res.text).to.equal(202);
    expect(JSON.parse(res.text)).to.deep.equal({ status: 'queued', refundId: 'RF-7' });
    const queued = (await queuedRefunds(backing)).find((q) => q.refund.refundId === 'RF-7');
    expect(queued?.refund).to.deep.include({
      workspaceId,
      integrationId: store.integration.id,
      orderId: 'ORD-7',
      refundId: 'RF-7',
      value: 12.5,
      currency: 'EUR',
      source: 'server',
    });
    expect(Date.parse(queued?.refund.receivedAt ?? '')).to.be.closeTo(Date.now(), 60_000);
  });

  it('queues each request as its own job: the same refundId twice is two jobs, left to the database to make one refund', async () => {
    const body = refund();
    const [a, b] = await Promise.all([1, 2].map(() => postAsServer(ingest.url, SERVER_REFUNDS_PATH, store.secret, body)));
    expect([a?.status, b?.status]).to.deep.equal([202, 202]);
    const jobs = (await queuedRefunds(backing)).filter((q) => q.refund.refundId === body.refundId);
    expect(jobs).to.have.length(2);
    expect(new Set(jobs.map((j) => j.jobId)).size).to.equal(2);
  });

  it("never reaches another integration: the job is the key's whatever the body says", async () => {
    const other = await keyedIntegration(backing.db, workspaceId, 'https://other-refund-shop.example.com');
    const body = { ...refund(), integrationId: other.integration.id, workspaceId: 'ws_other' };
    expect((await postAsServer(ingest.url, SERVER_REFUNDS_PATH, store.secret, body)).status).to.equal(202);
    const queued = (await queuedRefunds(backing)).find((q) => q.refund.refundId === body.refundId);
    expect(queued?.refund).to.deep.include({ integrationId: store.integration.id, workspaceId });
  });

  const badFields: [string, Record<string, unknown>, string][] = [
    ['a value of zero', { value: 0 }, 'value'],
    ['a negative value', { value: -5 }, 'value'],
    ['less than one minor unit', { value: 0.001 }, 'value'],
    ['a value too large for minor units', { value: 1e300 }, 'value'],
    ['a value given as text', { value: '10' }, 'value'],
    ['an unknown currency', { currency: 'ABC' }, 'currency'],
    ['an empty refundId', { refundId: ' ' }, 'refundId'],
    ['a refundId of 129 characters', { refundId: 'r'.repeat(129) }, 'refundId'],
    ['an empty orderId', { orderId: '' }, 'orderId'],
    ['an orderId of 129 characters', { orderId: 'o'.repeat(129) }, 'orderId'],
    ['a missing orderId', { orderId: undefined }, 'orderId'],
  ];
  for (const [name, overrides, field] of badFields) {
    it(`answers 400 validation_failed naming ${field} for ${name}, and queues nothing`, async () => {
      const before = (await queuedRefunds(backing)).length;
      const res = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, store.secret, refund(overrides));
      expect(res.status, res.text).to.equal(400);
      const answer = JSON.parse(res.text);
      expect(answer.error.code).to.equal('validation_failed');
      expect(answer.error.details.field).to.equal(field);
      expect((await queuedRefunds(backing)).length).to.equal(before);
    });
  }

  it('answers 409 idempotency_conflict naming refundId for a refundId kept for another order, value or currency, and queues nothing; the same refund again is 202', async () => {
    const kept = { orderId: 'ORD-1', refundId: `RF-kept-${Date.now()}`, value: 10, currency: 'USD' };
    await storeRefund(backing.db, {
      ...kept,
      workspaceId,
      integrationId: store.integration.id,
      source: 'server',
      receivedAt: new Date().toISOString(),
    });
    for (const conflicting of [{ orderId: 'ORD-2' }, { value: 10.01 }, { currency: 'EUR' }]) {
      const res = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, store.secret, { ...kept, ...conflicting });
      expect(res.status, res.text).to.equal(409);
      expect(errorOf(res)).to.deep.include({ code: 'idempotency_conflict' });
      expect(JSON.parse(res.text).error.details.field).to.equal('refundId');
    }
    expect(await queuedRefundIds()).to.not.include(kept.refundId);
    const again = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, store.secret, { ...kept, currency: 'usd' });
    expect(again.status, again.text).to.equal(202);
    expect(await queuedRefundIds()).to.include(kept.refundId);
  });

  it('answers 401 invalid_key without a key, and for a revoked key once announced; queues nothing', async () => {
    const k = await keyedIntegration(backing.db, workspaceId, 'https://revoked-refund-shop.example.com');
    const body = refund();
    const missing = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, null, body);
    expect(missing.status).to.equal(401);
    expect(errorOf(missing)).to.deep.include({ code: 'invalid_key' });
    await revokeIntegrationKey(backing.db, k.integration.workspaceId, k.integration.id, k.keyId);
    await announceIntegrationChange(backing, config, k.integration.id);
    // Probe with refunds of their own: one sent before the revocation was seen is rightly queued.
    await waitFor(async () => (await postAsServer(ingest.url, SERVER_REFUNDS_PATH, k.secret, refund())).status === 401, 'the revoked key to be refused', 2_000);
    const refused = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, k.secret, body);
    expect(refused.status).to.equal(401);
    expect(errorOf(refused)).to.deep.include({ code: 'invalid_key' });
    expect(await queuedRefundIds()).to.not.include(body.refundId);
  });

  it('answers 409 integration_disconnected for a disconnected integration, and 415 for a text/plain body', async () => {
    const k = await keyedIntegration(backing.db, workspaceId, 'https://closed-refund-shop.example.com');
    const plain = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, k.secret, refund(), { 'Content-Type': 'text/plain' });
    expect(plain.status).to.equal(415);
    await disconnectIntegration(backing.db, k.integration.workspaceId, k.integration.id);
    await announceIntegrationChange(backing, config, k.integration.id);
    const body = refund();
    // The 415 above cached the integration as connected; probe with refunds of their own until the change is seen.
    await waitFor(async () => (await postAsServer(ingest.url, SERVER_REFUNDS_PATH, k.secret, refund())).status === 409, 'the disconnection to be seen', 2_000);
    const refused = await postAsServer(ingest.url, SERVER_REFUNDS_PATH, k.secret, body);
    expect(refused.status).to.equal(409);
    expect(errorOf(refused)).to.deep.include({ code: 'integration_disconnected' });
    expect(await queuedRefundIds()).to.not.include(body.refundId);
  });
});
