import type { Client } from '@temporalio/client';
import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import type { Config } from '../../core/config';
import { newId, randomString } from '../../core/domain/ids';
import { connectTemporalClient, providerOf } from '../../core/temporal-client';
import { webhookDeliveryWorkflowId, workflowTypes } from '../../core/temporal';
import { createWebhookDispatcher } from '../../core/webhooks/dispatch-webhook-events';
import { postWebhook } from '../../core/webhooks/post-webhook';
import { recordWebhookEvent } from '../../core/webhooks/record-webhook-event';
import { sealSecret } from '../../core/webhooks/secret-box';
import { startWorker } from '../../workflows/start-worker';
import { adminClient } from '../admin-api/api-client';
import { sendBeacon } from '../support/http';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { connectStore, newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor, waitForWorkflowClosed, workflowStatus } from '../support/wait-for';
import { startReceiver, type Answer, type Receiver } from './receiver';

/** A short schedule for tests: three retries a second apart, a 1-second HTTP timeout. */
const shortDelivery = { retryDelaysSeconds: [1, 1, 1], attemptTimeoutMs: 1_000, disableAfterFailingSeconds: 3_600 };

describe('webhook deliveries', function () {
  this.timeout(90_000);
  let p: Pipeline;
  let api: ReturnType<typeof adminClient>;
  let temporal: { client: Client; close(): Promise<void> };
  const receivers: Receiver[] = [];

  before(async function () {
    this.timeout(120_000);
    p = await startPipeline({
      config: {
        webhooks: { ...testConfig().webhooks, delivery: shortDelivery },
        verificationPolling: { pollIntervalSeconds: 1, pollForMinutes: 5 },
      },
    });
    api = adminClient(p.adminUrl);
    temporal = await connectTemporalClient(p.config.temporal);
  });
  after(async () => {
    for (const r of receivers) await r.close();
    await temporal?.close();
    await p?.stop();
  });

  async function receiver(answer?: (n: number) => Answer): Promise<Receiver> {
    const r = await startReceiver(answer);
    receivers.push(r);
    return r;
  }

  async function endpoint(token: string, url: string, events: string[] = ['webhook.test']): Promise<{ id: string; secret: string }> {
    const created = await api(token).post('/api/v1/webhooks', { url, events });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    return created.body;
  }

  const deliveries = async (token: string, id: string) => (await api(token).get(`/api/v1/webhooks/${id}/deliveries`)).body.data.slice().reverse();
  const sendTest = async (token: string, id: string): Promise<string> => {
    const answer = await api(token).post(`/api/v1/webhooks/${id}/test`);
    expect(answer.status, JSON.stringify(answer.body)).to.equal(202);
    return answer.body.eventId;
  };
  /**
   * An integration's outbox rows (dedupe keys, oldest first) once every one is dispatched, i.e. once
   * every delivery workflow it will ever have is started; with each delivery to `endpointIds`
   * closed, nothing more will reach those endpoints.
   */
  async function settledIntegrationEvents(integrationId: string, endpointIds: string[]): Promise<{ id: string; dedupe_key: string }[]> {
    const rows: { id: string; dedupe_key: string; dispatched_at: Date | null }[] = await waitFor(async () => {
      const found = await p.db('webhook_events').whereRaw("data->>'id' = ?", [integrationId]).orderBy('created_at').select('id', 'dedupe_key', 'dispatched_at');
      return found.every((e: { dispatched_at: Date | null }) => e.dispatched_at !== null) && found;
    }, "the integration's events dispatched");
    for (const event of rows)
      for (const endpointId of endpointIds) {
        if ((await workflowStatus(temporal.client, webhookDeliveryWorkflowId(endpointId, event.id))) !== null)
          await waitForWorkflowClosed(temporal.client, webhookDeliveryWorkflowId(endpointId, event.id));
      }
    return rows.map(({ id, dedupe_key }) => ({ id, dedupe_key }));
  }
  const workflowResult = (endpointId: string, eventId: string) => temporal.client.workflow.getHandle(webhookDeliveryWorkflowId(endpointId, eventId)).result();

  describe('when a test event is sent to a receiver that answers 2xx', () => {
    it('delivers it once, signed so that standardwebhooks verifies it, and lists the delivery', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 204 }));
      const hook = await endpoint(token, r.url);
      const eventId = await sendTest(token, hook.id);

      expect(await workflowResult(hook.id, eventId)).to.deep.equal({ outcome: 'succeeded', attempts: 1 });
      expect(r.received).to.have.length(1);
      const [delivery] = r.received;
      const verified = new Webhook(hook.secret).verify(delivery!.body, delivery!.headers) as any;
      expect(verified).to.include({ id: eventId, type: 'webhook.test' });
      expect(verified.data).to.include({ endpointId: hook.id });
      expect(Object.keys(verified)).to.deep.equal(['id', 'type', 'createdAt', 'data']);
      expect(delivery!.headers['webhook-id']).to.equal(eventId);
      expect(Number(delivery!.headers['webhook-timestamp'])).to.be.closeTo(Date.now() / 1000, 30);
      expect(delivery!.headers['content-type']).to.equal('application/json');

      const listed = await deliveries(token, hook.id);
      expect(listed).to.have.length(1);
      expect(listed[0]).to.include({ eventId, type: 'webhook.test', attempt: 1, status: 'succeeded', responseStatus: 204 });
      expect(listed[0].durationMs).to.be.a('number');
      expect(listed[0].id).to.match(/^whd_/);
    });
  });

  describe('when the receiver fails first', () => {
    it('retries after 5xx answers with the same webhook-id, each attempt signed afresh, until a 2xx', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver((n) => ({ status: [500, 503][n] ?? 200 }));
      const hook = await endpoint(token, r.url);
      const eventId = await sendTest(token, hook.id);

      expect(await workflowResult(hook.id, eventId)).to.deep.equal({ outcome: 'succeeded', attempts: 3 });
      expect(r.received.map((d) => d.headers['webhook-id'])).to.deep.equal([eventId, eventId, eventId]);
      for (const d of r.received) expect(() => new Webhook(hook.secret).verify(d.body, d.headers)).to.not.throw();
      expect(new Set(r.received.map((d) => d.body)).size).to.equal(1);
      const listed = await deliveries(token, hook.id);
      expect(listed.map((d: any) => [d.attempt, d.status, d.responseStatus])).to.deep.equal([
        [1, 'failed', 500],
        [2, 'failed', 503],
        [3, 'succeeded', 200],
      ]);
    });

    it('retries after a timeout, records it as one, and the endpoint stays enabled', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver((n) => (n === 0 ? { status: 200, delayMs: 4_000 } : { status: 200 }));
      const hook = await endpoint(token, r.url);
      const eventId = await sendTest(token, hook.id);

      expect(await workflowResult(hook.id, eventId)).to.deep.equal({ outcome: 'succeeded', attempts: 2 });
      const listed = await deliveries(token, hook.id);
      expect(listed.map((d: any) => [d.attempt, d.status, d.responseStatus, d.error])).to.deep.equal([
        [1, 'failed', null, 'timeout'],
        [2, 'succeeded', 200, null],
      ]);
      expect(listed[0].durationMs).to.be.within(900, 3_900);
      expect(r.received.map((d) => d.headers['webhook-id'])).to.deep.equal([eventId, eventId]);
      expect((await api(token).get(`/api/v1/webhooks/${hook.id}`)).body.status).to.equal('enabled');
    });

    it('gives up after the last retry of the schedule', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 502 }));
      const hook = await endpoint(token, r.url);
      const eventId = await sendTest(token, hook.id);
      expect(await workflowResult(hook.id, eventId)).to.deep.equal({ outcome: 'exhausted', attempts: 4 });
      expect(r.received).to.have.length(4);
    });
  });

  describe('when the receiver answers 410 Gone', () => {
    it('disables the endpoint at once, says why, and sends nothing more', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 410 }));
      const hook = await endpoint(token, r.url);
      const eventId = await sendTest(token, hook.id);
      expect(await workflowResult(hook.id, eventId)).to.deep.equal({ outcome: 'gone', attempts: 1 });
      expect((await api(token).get(`/api/v1/webhooks/${hook.id}`)).body).to.include({ status: 'disabled', disabledReason: 'gone' });
      expect((await api(token).post(`/api/v1/webhooks/${hook.id}/test`)).status).to.equal(409);
      expect(r.received).to.have.length(1);
    });
  });

  describe('when an endpoint has failed for longer than the disable time', () => {
    it('is disabled with the reason failing', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 500 }));
      const hook = await endpoint(token, r.url);
      await p
        .db('webhook_endpoints')
        .where({ id: hook.id })
        .update({ failing_since: new Date(Date.now() - 2 * 3_600_000) });
      const eventId = await sendTest(token, hook.id);
      expect(await workflowResult(hook.id, eventId)).to.deep.equal({ outcome: 'disabled', attempts: 1 });
      expect((await api(token).get(`/api/v1/webhooks/${hook.id}`)).body).to.include({ status: 'disabled', disabledReason: 'failing' });
    });
  });

  describe('when one receiver is slow', () => {
    it('does not hold back the delivery of the same event to another endpoint', async () => {
      const store = await connectStore(p, `https://slow-${randomString(6)}.example.com`);
      const slow = await receiver(() => ({ status: 200, delayMs: 5_000 }));
      const fast = await receiver(() => ({ status: 200 }));
      const slowHook = await endpoint(store.token, slow.url, ['integration.disconnected']);
      const fastHook = await endpoint(store.token, fast.url, ['integration.disconnected']);
      expect((await api(store.token).post(`/api/v1/integrations/${store.integrationId}/disconnect`)).status).to.equal(200);

      await waitFor(async () => fast.received.length === 1, 'the fast receiver to get the event', 20_000);
      await waitFor(async () => slow.received.length >= 2, 'the slow receiver to be retried', 30_000);
      expect(fast.received[0]!.receivedAt).to.be.below(slow.received[1]!.receivedAt);
      expect((await deliveries(store.token, fastHook.id)).map((d: any) => d.status)).to.deep.equal(['succeeded']);
      expect((await deliveries(store.token, slowHook.id))[0]).to.include({ status: 'failed', error: 'timeout' });
    });
  });

  describe('when integrations are connected and disconnected', () => {
    it('sends integration.connected and integration.disconnected once each, however often Verify and Disconnect are called', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 200 }));
      const hook = await endpoint(token, r.url, ['integration.connected', 'integration.disconnected']);
      const store = await connectStore(p, `https://events-${randomString(6)}.example.com`, token);
      await api(token).post(`/api/v1/integrations/${store.integrationId}/verify`);
      await api(token).post(`/api/v1/integrations/${store.integrationId}/disconnect`);
      await api(token).post(`/api/v1/integrations/${store.integrationId}/disconnect`);

      await waitFor(async () => r.received.length >= 2, 'both integration events', 20_000);
      const recorded = await settledIntegrationEvents(store.integrationId, [hook.id]);
      expect(recorded.map((e) => e.dedupe_key)).to.deep.equal([
        `integration.connected:${store.integrationId}`,
        `integration.disconnected:${store.integrationId}`,
      ]);
      expect(r.received).to.have.length(2);
      // Deliveries are at least once and in no promised order (one workflow each): a receiver
      // orders them by the event's createdAt, and so does this test.
      const events = r.events().sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
      expect(events.map((e) => e.type)).to.deep.equal(['integration.connected', 'integration.disconnected']);
      expect(events.map((e) => e.data.id)).to.deep.equal([store.integrationId, store.integrationId]);
      expect(events[0]!.data).to.include({ status: 'connected', origin: store.origin });
      expect(events[1]!.data).to.include({ status: 'disconnected' });
      for (const d of r.received) expect(() => new Webhook(hook.secret).verify(d.body, d.headers)).to.not.throw();
    });

    it('sends integration.connected when the verification workflow connects the store', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 200 }));
      const hook = await endpoint(token, r.url, ['integration.connected']);
      const origin = `https://polling-${randomString(6)}.example.com`;
      const created = await api(token).post('/api/v1/integrations', { type: 'custom', websiteUrl: origin });
      const pending = await api(token).post(`/api/v1/integrations/${created.body.id}/verify`);
      expect(pending.body).to.include({ status: 'pending', polling: true });
      expect((await sendBeacon(p.ingestUrl, origin, { id: created.body.id, type: 'ping', url: `${origin}/` })).status).to.equal(202);

      await waitFor(async () => r.received.length >= 1, 'integration.connected from the workflow', 30_000);
      const recorded = await settledIntegrationEvents(created.body.id, [hook.id]);
      expect(recorded.map((e) => e.dedupe_key)).to.deep.equal([`integration.connected:${created.body.id}`]);
      expect(r.events().map((e) => [e.type, e.data.id])).to.deep.equal([['integration.connected', created.body.id]]);
    });

    it("never sends one workspace's events to another workspace's endpoints", async () => {
      const mine = await receiver(() => ({ status: 200 }));
      const theirs = await receiver(() => ({ status: 200 }));
      const store = await connectStore(p, `https://tenant-${randomString(6)}.example.com`);
      const myHook = await endpoint(store.token, mine.url, ['integration.disconnected']);
      const other = await newWorkspace(p.db);
      const theirHook = await endpoint(other.token, theirs.url, ['integration.disconnected', 'integration.connected']);
      await api(store.token).post(`/api/v1/integrations/${store.integrationId}/disconnect`);

      await waitFor(async () => mine.received.length === 1, 'our endpoint to get the event', 20_000);
      // Every event of the store is dispatched: each delivery it will ever have is started, and none is to their endpoint.
      const recorded = await settledIntegrationEvents(store.integrationId, [myHook.id]);
      expect(recorded.map((e) => e.dedupe_key)).to.include(`integration.disconnected:${store.integrationId}`);
      for (const event of recorded) expect(await workflowStatus(temporal.client, webhookDeliveryWorkflowId(theirHook.id, event.id))).to.equal(null);
      expect(theirs.received).to.have.length(0);
      expect(mine.received).to.have.length(1);
      expect(await deliveries(other.token, theirHook.id)).to.deep.equal([]);
    });
  });

  describe('when the secret is rotated', () => {
    it('signs with both the new and the old secret during the overlap, each verifying alone', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 200 }));
      const hook = await endpoint(token, r.url);
      const rotated = await api(token).post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
      const eventId = await sendTest(token, hook.id);
      await workflowResult(hook.id, eventId);

      const [delivery] = r.received;
      expect(delivery!.headers['webhook-signature']!.split(' ')).to.have.length(2);
      expect(() => new Webhook(rotated.body.secret).verify(delivery!.body, delivery!.headers)).to.not.throw();
      expect(() => new Webhook(hook.secret).verify(delivery!.body, delivery!.headers)).to.not.throw();
    });

    it('stops signing with the old secret once the overlap has ended', async () => {
      const { token } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 200 }));
      const hook = await endpoint(token, r.url);
      const rotated = await api(token).post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
      await p
        .db('webhook_endpoints')
        .where({ id: hook.id })
        .update({ previous_secret_expires_at: new Date(Date.now() - 1_000) });
      await workflowResult(hook.id, await sendTest(token, hook.id));

      const [delivery] = r.received;
      expect(delivery!.headers['webhook-signature']!.split(' ')).to.have.length(1);
      expect(() => new Webhook(rotated.body.secret).verify(delivery!.body, delivery!.headers)).to.not.throw();
      expect(() => new Webhook(hook.secret).verify(delivery!.body, delivery!.headers)).to.throw();
    });
  });

  describe('the outbox', () => {
    it('records one event per fact: the same dedupe key again records nothing', async () => {
      const { token, workspaceId } = await newWorkspace(p.db);
      const r = await receiver();
      await endpoint(token, r.url, ['order.credited']);
      const fact = { workspaceId, type: 'order.credited' as const, data: { orderId: 'A-1' }, dedupeKey: `order.credited:int_x:${randomString(8)}` };
      const first = await p.db.transaction((trx) => recordWebhookEvent(trx, fact));
      const again = await p.db.transaction((trx) => recordWebhookEvent(trx, fact));
      expect(first).to.match(/^evt_/);
      expect(again).to.equal(null);
      expect(await p.db('webhook_events').where({ dedupe_key: fact.dedupeKey }).count<{ count: string }[]>('* as count')).to.deep.equal([{ count: '1' }]);
    });

    it('records nothing when the transaction that holds the fact rolls back', async () => {
      const { token, workspaceId } = await newWorkspace(p.db);
      await endpoint(token, (await receiver()).url, ['order.credited']);
      const dedupeKey = `order.credited:int_y:${randomString(8)}`;
      await p.db
        .transaction(async (trx) => {
          await recordWebhookEvent(trx, { workspaceId, type: 'order.credited', data: {}, dedupeKey });
          throw new Error('the fact was not recorded after all');
        })
        .catch(() => undefined);
      expect(await p.db('webhook_events').where({ dedupe_key: dedupeKey }).first()).to.equal(undefined);
    });

    it('has its undispatched events dispatched by the sweep, once however often it runs', async () => {
      const { token, workspaceId } = await newWorkspace(p.db);
      const r = await receiver(() => ({ status: 200 }));
      const hook = await endpoint(token, r.url, ['order.refunded']);
      const eventId = await recordWebhookEvent(p.db, {
        workspaceId,
        type: 'order.refunded',
        data: { refundedValue: 5 },
        dedupeKey: `refund:${randomString(8)}`,
      });
      for (let run = 0; run < 2; run += 1) {
        await temporal.client.workflow.execute(workflowTypes.sweepWebhookEvents, {
          taskQueue: p.config.temporal.taskQueue,
          workflowId: `test-webhook-sweep-${randomString(8)}`,
          args: [{ olderThanSeconds: 0, batchSize: 500 }],
        });
      }
      expect(await workflowResult(hook.id, eventId!)).to.deep.equal({ outcome: 'succeeded', attempts: 1 });
      expect(r.events().map((e) => [e.id, e.type, e.data])).to.deep.equal([[eventId, 'order.refunded', { refundedValue: 5 }]]);
      expect((await p.db('webhook_events').where({ id: eventId }).first()).dispatched_at).to.be.instanceOf(Date);
    });
  });

  describe('with WEBHOOK_ALLOW_PRIVATE_URLS=false on the worker', () => {
    it('refuses loopback, private, link-local and metadata URLs again at delivery (a name resolving to 127.0.0.1 included), sending nothing', async () => {
      const r = await receiver(() => ({ status: 200 }));
      const taskQueue = `strict-${randomString(8)}`;
      const strict: Config = {
        ...p.config,
        temporal: { ...p.config.temporal, taskQueue },
        webhooks: { ...p.config.webhooks, allowPrivateUrls: false },
      };
      const worker = await startWorker(strict, p.log, { schedules: false });
      try {
        const { workspaceId } = await newWorkspace(p.db);
        // As if created while allowed, or re-pointed by DNS since: the worker must check again.
        const urls = [
          `https://localhost:${r.port}/hooks`,
          `https://127.0.0.1:${r.port}/hooks`,
          'https://10.0.0.1/hooks',
          'https://169.254.169.254/latest',
          `http://127.0.0.1:${r.port}/hooks`,
        ];
        const ids: string[] = [];
        for (const url of urls) {
          const id = newId('wh');
          await p.db('webhook_endpoints').insert({
            id,
            workspace_id: workspaceId,
            url,
            events: ['order.credited'],
            secret_ciphertext: sealSecret(p.config.webhooks.secretKey, id, 'whsec_AAAA'),
          });
          ids.push(id);
        }
        const eventId = await recordWebhookEvent(p.db, { workspaceId, type: 'order.credited', data: {}, dedupeKey: `strict:${randomString(8)}` });
        const dispatch = createWebhookDispatcher({
          db: p.db,
          temporal: providerOf(temporal.client),
          taskQueue,
          delivery: { ...shortDelivery, retryDelaysSeconds: [1] },
          log: p.log,
        });
        expect(await dispatch([eventId!])).to.equal(urls.length);
        for (const id of ids) {
          expect(await workflowResult(id, eventId!)).to.deep.equal({ outcome: 'exhausted', attempts: 2 });
          const rows = await p.db('webhook_deliveries').where({ endpoint_id: id }).orderBy('attempt');
          expect(rows.map((d) => [d.status, d.error])).to.deep.equal([
            ['failed', 'url_refused'],
            ['failed', 'url_refused'],
          ]);
        }
        expect(r.received).to.have.length(0);
      } finally {
        await worker.close();
      }
    });

    it('connects to the address that was checked, not to what the name resolves to at connection time', async () => {
      const r = await receiver(() => ({ status: 200 }));
      const sent = await postWebhook({
        url: new URL(`http://hooks.invalid:${r.port}/pinned`),
        addresses: [{ address: '127.0.0.1', family: 4 }],
        headers: { 'webhook-id': 'evt_pinned' },
        body: '{}',
        timeoutMs: 2_000,
      });
      expect(sent).to.include({ responseStatus: 200, error: null });
      expect(r.received.map((d) => d.headers['webhook-id'])).to.deep.equal(['evt_pinned']);
    });
  });
});
