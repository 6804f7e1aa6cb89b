import { expect } from 'chai';
import { startAdminApi } from '../../admin-api/start-admin-api';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { newId, randomString } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { requestJson } from '../support/http';
import { newWorkspace } from '../support/store-setup';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { adminClient, expectError } from './api-client';

/**
 * The admin API reaches Temporal only to start a verification's polling, deliver a refund or start
 * a webhook's delivery, and connects on the first of those: it starts, and serves everything else,
 * while Temporal is away (behind a proxy this test cuts), and connects once it is back.
 */
describe('admin API while Temporal is away', function () {
  this.timeout(90_000);
  let config: Config;
  let db: Db;
  let proxy: TcpProxy;
  let admin: Awaited<ReturnType<typeof startAdminApi>>;
  let api: ReturnType<typeof adminClient>;
  let ws: { workspaceId: string; token: string };
  let integrationId: string;

  before(async () => {
    config = testConfig();
    const [host, port] = config.temporal.address.split(':');
    proxy = await startTcpProxy({ host: host!, port: Number(port) });
    await proxy.cut();
    db = createDb(config.databaseUrl, { min: 0, max: 4 });
    const log = createLogger({ level: 'silent', name: 'temporal-away-test' });
    admin = await startAdminApi({ ...config, temporal: { ...config.temporal, address: `127.0.0.1:${proxy.port}` } }, log, 0);
    api = adminClient(admin.url);
    ws = await newWorkspace(db);
    integrationId = (await api(ws.token).post('/api/v1/integrations', { type: 'custom', websiteUrl: 'https://away.example.com' })).body.id;
  });
  after(async () => {
    await admin?.close();
    await proxy?.close();
    await db?.destroy();
  });

  async function insertCreditedOrder(): Promise<{ id: string; orderId: string }> {
    const order = { id: newId('ord'), orderId: `away-${randomString(8)}` };
    await db('orders').insert({
      id: order.id,
      workspace_id: ws.workspaceId,
      integration_id: integrationId,
      order_id: order.orderId,
      status: 'credited',
      value_minor: 5_000,
      currency: 'EUR',
      reported_at: '2026-11-27T10:00:00Z',
      processed_at: '2026-11-27T10:00:05Z',
    });
    return order;
  }

  it('is ready and answers reads without Temporal', async () => {
    expect((await requestJson(`${admin.url}/readyz`)).status).to.equal(200);
    const integrations = await api(ws.token).get('/api/v1/integrations');
    expect(integrations.status).to.equal(200);
    expect(integrations.body.data.map((i: { id: string }) => i.id)).to.deep.equal([integrationId]);
  });

  it('answers a verification "pending" with polling false', async () => {
    const verify = await api(ws.token).post(`/api/v1/integrations/${integrationId}/verify`);
    expect(verify.status, JSON.stringify(verify.body)).to.equal(200);
    expect(verify.body).to.include({ id: integrationId, status: 'pending', polling: false });
  });

  it('keeps a refund, answers 503 service_unavailable naming its refundId, and delivers the same refundId once Temporal is back', async () => {
    const order = await insertCreditedOrder();
    const refund = { refundId: `away-${randomString(6)}`, value: 10, currency: 'EUR' };
    const away = expectError(await api(ws.token).post(`/api/v1/orders/${order.id}/refunds`, refund), 503, 'service_unavailable');
    expect(away.details).to.deep.equal({ refundId: refund.refundId });
    const kept = await db('order_refunds').where({ integration_id: integrationId, order_id: order.orderId });
    expect(kept.map((r: { refund_id: string }) => r.refund_id)).to.deep.equal([refund.refundId]);

    await proxy.restore();
    // As the message says, the client sends the same refundId again; gRPC's reconnect backoff may
    // still hold the first tries after the network is back.
    const delivered = await waitFor(
      async () => {
        const answer = await api(ws.token).post(`/api/v1/orders/${order.id}/refunds`, refund);
        return answer.status === 503 ? undefined : answer;
      },
      'the refund to reach Temporal once it is back',
      60_000,
    );
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(202);
    expect(delivered.body).to.deep.equal({ status: 'queued', refundId: refund.refundId });
    expect(await db('order_refunds').where({ integration_id: integrationId, order_id: order.orderId })).to.have.length(1);
  });

  it('starts polling on the next verification, on the connection it made', async () => {
    const verify = await api(ws.token).post(`/api/v1/integrations/${integrationId}/verify`);
    expect(verify.body).to.include({ status: 'pending', polling: true });
  });
});
