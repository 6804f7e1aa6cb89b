import type { WorkspaceId } from '../../core/domain/workspace-id';
import type { Client } from '@temporalio/client';
import { newId, randomString } from '../../core/domain/ids';
import { createLink } from '../../core/repositories/links';
import { signalOrderRefund, signalOrderReport } from '../../core/order-workflow-signals';
import { orderReportOf, recordOrderReport } from '../../core/repositories/orders';
import { storeRefund } from '../../core/repositories/refunds';
import type { OrderJob } from '../../core/queues';
import { orderWorkflowId, verificationWorkflowId, webhookDeliveryWorkflowId, workflowTypes } from '../../core/temporal';
import { startReceiver, type Answer } from '../webhooks/receiver';
import { requestJson, sendBeacon } from '../support/http';
import type { Pipeline } from '../support/pipeline';
import { newWorkspace } from '../support/store-setup';
import { waitFor } from '../support/wait-for';
import { enqueueOrder, insertClick, openQueues, orderJob, refundJob, seedConnectedStore, seedCoupon } from '../workflows/order-fixtures';

/** One workflow run to save: the file name (without .json) and the run. */
export type RecordedRun = { name: string; workflowId: string; runId: string };

export type ScenarioContext = { p: Pipeline; client: Client; queues: ReturnType<typeof openQueues> };

/** A path through one workflow type, driven on the running system; returns the closed runs whose histories are saved. */
export type HistoryScenario = { name: string; record(ctx: ScenarioContext): Promise<RecordedRun[]> };

const origin = 'https://replay.example.com';
const WAIT_MS = 90_000;

/** Waits until the run is closed (completed, continued as new, failed…) and returns its run id. */
export async function closedRun(client: Client, workflowId: string, runId?: string): Promise<string> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const described = await waitFor(
    async () => {
      const d = await handle.describe().catch(() => undefined);
      return d && d.status.name !== 'RUNNING' ? d : undefined;
    },
    `workflow ${workflowId} to close`,
    WAIT_MS,
  );
  return described.runId;
}

/** The run id of the workflow's current (or last) run, once it exists. */
async function currentRunId(client: Client, workflowId: string, notRunId?: string): Promise<string> {
  return waitFor(
    async () => {
      const d = await client.workflow
        .getHandle(workflowId)
        .describe()
        .catch(() => undefined);
      return d && d.runId !== notRunId ? d.runId : undefined;
    },
    `a run of ${workflowId}`,
    WAIT_MS,
  );
}

async function store(ctx: ScenarioContext, settings: { requireServerConfirmation?: boolean; confirmationWindowHours?: number } = {}) {
  const seeded = await seedConnectedStore(ctx.p.db, origin);
  await ctx.p
    .db('integrations')
    .where({ id: seeded.integrationId })
    .update({ require_server_confirmation: settings.requireServerConfirmation ?? false, confirmation_window_hours: settings.confirmationWindowHours ?? 72 });
  const code = `REPLAY${randomString(5)}`;
  await seedCoupon(ctx.p.db, seeded, code);
  return { ...seeded, code };
}

const serverJob = (integrationId: string, orderId: string): OrderJob => ({ ...orderJob(integrationId, origin, { orderId }), source: 'server', origin: null });

async function refund(ctx: ScenarioContext, s: { workspaceId: WorkspaceId; integrationId: string }, orderId: string): Promise<void> {
  await ctx.queues.refunds.add('refund', refundJob(s, orderId), { jobId: newId('rfd') });
}

/** Enqueues the reports, waits for the order's run to close, and names it. */
async function orderRun(ctx: ScenarioContext, name: string, jobs: OrderJob[]): Promise<RecordedRun[]> {
  const first = jobs[0] as OrderJob;
  const workflowId = orderWorkflowId(first.integrationId, first.order.orderId);
  for (const job of jobs) await enqueueOrder(ctx.queues, job);
  return [{ name, workflowId, runId: await closedRun(ctx.client, workflowId, await currentRunId(ctx.client, workflowId)) }];
}

/** A webhook test event sent to a receiver that answers as told; the delivery's run. */
async function webhookRun(ctx: ScenarioContext, name: string, answer: (n: number) => Answer): Promise<RecordedRun[]> {
  const receiver = await startReceiver(answer);
  try {
    const { token } = await newWorkspace(ctx.p.db);
    const created = await requestJson(`${ctx.p.adminUrl}/api/v1/webhooks`, { token, body: { url: receiver.url, events: ['webhook.test'] } });
    if (created.status !== 201) throw new Error(`creating the endpoint answered ${created.status}: ${JSON.stringify(created.body)}`);
    const sent = await requestJson(`${ctx.p.adminUrl}/api/v1/webhooks/${created.body.id}/test`, { method: 'POST', token });
    if (sent.status !== 202) throw new Error(`sending a test event answered ${sent.status}: ${JSON.stringify(sent.body)}`);
    const workflowId = webhookDeliveryWorkflowId(created.body.id, sent.body.eventId);
    return [{ name, workflowId, runId: await closedRun(ctx.client, workflowId, await currentRunId(ctx.client, workflowId)) }];
  } finally {
    await receiver.close();
  }
}

/** Starts a Schedule's workflow once on the pipeline's task queue, as the Schedule would. */
async function scheduledRun(ctx: ScenarioContext, name: string, workflowType: string, args: unknown[]): Promise<RecordedRun[]> {
  const workflowId = `replay-${name}-${randomString(8)}`;
  const handle = await ctx.client.workflow.start(workflowType, { taskQueue: ctx.p.config.temporal.taskQueue, workflowId, args });
  await handle.result();
  return [{ name, workflowId, runId: handle.firstExecutionRunId }];
}

/**
 * Every workflow type, and every path of the order workflow that matters. Names are file names:
 * a new scenario is a new name; a scenario whose workflow changed keeps its name (see the README,
 * "Changing a workflow").
 */
export const historyScenarios: HistoryScenario[] = [
  {
    name: 'order-credited-by-coupon',
    record: async (ctx) => {
      const s = await store(ctx);
      return orderRun(ctx, 'order-credited-by-coupon', [orderJob(s.integrationId, origin, { orderId: `COUPON-${randomString(8)}`, coupon: s.code })]);
    },
  },
  {
    name: 'order-credited-by-link',
    record: async (ctx) => {
      const s = await store(ctx);
      const link = await createLink(ctx.p.db, {
        workspaceId: s.workspaceId,
        creatorId: s.creatorId,
        code: `replay${randomString(6).toLowerCase()}`,
        destinationUrl: `${origin}/spring`,
        integrationIds: [s.integrationId],
      });
      const itc = await insertClick(ctx.p.db, { id: link.id, workspaceId: s.workspaceId }, new Date(Date.now() - 60_000));
      const job = orderJob(s.integrationId, origin, { orderId: `LINK-${randomString(8)}`, attribution: { itc } });
      return orderRun(ctx, 'order-credited-by-link', [job]);
    },
  },
  {
    name: 'order-skipped',
    record: async (ctx) => {
      const s = await store(ctx);
      return orderRun(ctx, 'order-skipped', [orderJob(s.integrationId, origin, { orderId: `SKIP-${randomString(8)}` })]);
    },
  },
  {
    name: 'order-repeat-report',
    record: async (ctx) => {
      const s = await store(ctx);
      const orderId = `REPEAT-${randomString(8)}`;
      const job = orderJob(s.integrationId, origin, { orderId, coupon: s.code });
      const workflowId = orderWorkflowId(s.integrationId, orderId);
      // Both reports in one job: the second is signalled while the first is handled, so one run sees both.
      await ctx.queues.orders.add('order', { reports: [job, orderJob(s.integrationId, origin, { orderId, coupon: s.code })] }, { jobId: job.reportId });
      return [{ name: 'order-repeat-report', workflowId, runId: await closedRun(ctx.client, workflowId, await currentRunId(ctx.client, workflowId)) }];
    },
  },
  {
    name: 'order-pending-then-confirmed',
    record: async (ctx) => {
      const s = await store(ctx, { requireServerConfirmation: true, confirmationWindowHours: 60 });
      const orderId = `CONFIRM-${randomString(8)}`;
      const workflowId = orderWorkflowId(s.integrationId, orderId);
      await enqueueOrder(ctx.queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      await waitFor(
        async () => (await ctx.p.db('orders').where({ integration_id: s.integrationId, order_id: orderId }).first('status'))?.status === 'pending',
        'the pending order',
        WAIT_MS,
      );
      await enqueueOrder(ctx.queues, serverJob(s.integrationId, orderId));
      return [{ name: 'order-pending-then-confirmed', workflowId, runId: await closedRun(ctx.client, workflowId) }];
    },
  },
  {
    name: 'order-pending-then-expired',
    record: async (ctx) => {
      // One "hour" is one second while recording (CONFIRMATION_HOUR_SECONDS=1).
      const s = await store(ctx, { requireServerConfirmation: true, confirmationWindowHours: 2 });
      return orderRun(ctx, 'order-pending-then-expired', [orderJob(s.integrationId, origin, { orderId: `EXPIRE-${randomString(8)}`, coupon: s.code })]);
    },
  },
  {
    name: 'order-refund-before-order',
    record: async (ctx) => {
      const s = await store(ctx);
      const orderId = `EARLYREFUND-${randomString(8)}`;
      const workflowId = orderWorkflowId(s.integrationId, orderId);
      await refund(ctx, s, orderId);
      const refundRun = await closedRun(ctx.client, workflowId, await currentRunId(ctx.client, workflowId));
      await enqueueOrder(ctx.queues, orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      const orderRunId = await closedRun(ctx.client, workflowId, await currentRunId(ctx.client, workflowId, refundRun));
      return [
        { name: 'order-refund-before-order', workflowId, runId: refundRun },
        { name: 'order-after-an-early-refund', workflowId, runId: orderRunId },
      ];
    },
  },
  {
    name: 'order-refund-after-credit',
    record: async (ctx) => {
      const s = await store(ctx);
      // The report and then the refund, signalled back to back as the consumers would: the run
      // that credits the order applies the refund too (a signal that arrives before the run
      // completes is handled by it). Rarely the run completes first; then try another order.
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const orderId = `REFUND-${randomString(8)}`;
        const workflowId = orderWorkflowId(s.integrationId, orderId);
        const job = orderJob(s.integrationId, origin, { orderId, coupon: s.code });
        const refund = refundJob(s, orderId);
        await recordOrderReport(ctx.p.db, orderReportOf(job));
        await storeRefund(ctx.p.db, refund);
        const taskQueue = ctx.p.config.temporal.taskQueue;
        await signalOrderReport(ctx.client, taskQueue, job);
        await signalOrderRefund(ctx.client, taskQueue, refund);
        const runId = await closedRun(ctx.client, workflowId, await currentRunId(ctx.client, workflowId));
        const history = await ctx.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const signals = history.events?.filter((e) => e.workflowExecutionSignaledEventAttributes).length ?? 0;
        if (signals === 2) return [{ name: 'order-refund-after-credit', workflowId, runId }];
      }
      throw new Error('the refund never reached the run that credited its order');
    },
  },
  {
    name: 'order-continue-as-new',
    record: async (ctx) => {
      const s = await store(ctx, { requireServerConfirmation: true, confirmationWindowHours: 60 });
      const orderId = `MANY-${randomString(8)}`;
      const workflowId = orderWorkflowId(s.integrationId, orderId);
      // 120 reports of one pending order (a store that reports it over and over): more than one run holds.
      const reports = Array.from({ length: 120 }, () => orderJob(s.integrationId, origin, { orderId, coupon: s.code }));
      await ctx.queues.orders.add('order', { reports }, { jobId: newId('rpt') });
      const firstRunId = await currentRunId(ctx.client, workflowId);
      const continued = await closedRun(ctx.client, workflowId, firstRunId);
      const status = (await ctx.client.workflow.getHandle(workflowId, continued).describe()).status.name;
      if (status !== 'CONTINUED_AS_NEW') throw new Error(`the first run ended ${status}, not CONTINUED_AS_NEW`);
      const nextRunId = await currentRunId(ctx.client, workflowId, firstRunId);
      await enqueueOrder(ctx.queues, serverJob(s.integrationId, orderId));
      return [
        { name: 'order-continue-as-new', workflowId, runId: continued },
        { name: 'order-continued-run-confirmed', workflowId, runId: await closedRun(ctx.client, workflowId, nextRunId) },
      ];
    },
  },
  { name: 'webhook-delivered-at-once', record: (ctx) => webhookRun(ctx, 'webhook-delivered-at-once', () => ({ status: 204 })) },
  { name: 'webhook-delivered-after-retries', record: (ctx) => webhookRun(ctx, 'webhook-delivered-after-retries', (n) => ({ status: n < 2 ? 503 : 200 })) },
  { name: 'webhook-gone', record: (ctx) => webhookRun(ctx, 'webhook-gone', () => ({ status: 410 })) },
  {
    name: 'verification-polling',
    record: async (ctx) => {
      const { token } = await newWorkspace(ctx.p.db);
      const created = await requestJson(`${ctx.p.adminUrl}/api/v1/integrations`, { token, body: { type: 'custom', websiteUrl: origin } });
      const integrationId: string = created.body.id;
      const workflowId = verificationWorkflowId(integrationId);
      await requestJson(`${ctx.p.adminUrl}/api/v1/integrations/${integrationId}/verify`, { method: 'POST', token });
      // Not yet seen: the workflow polls on a durable timer; then the pixel pings and it connects.
      await waitFor(
        async () =>
          (
            await ctx.client.workflow
              .getHandle(workflowId)
              .fetchHistory()
              .catch(() => undefined)
          )?.events?.some((e) => e.timerStartedEventAttributes),
        'a poll timer',
        WAIT_MS,
      );
      await sendBeacon(ctx.p.ingestUrl, origin, { id: integrationId, type: 'ping', url: `${origin}/` });
      return [{ name: 'verification-polling', workflowId, runId: await closedRun(ctx.client, workflowId) }];
    },
  },
  {
    name: 'reconciliation',
    record: async (ctx) => {
      // A report recorded but never signalled (the consumer crashed): re-driven, then counted.
      const s = await store(ctx);
      const job = orderJob(s.integrationId, origin, {
        orderId: `STUCK-${randomString(8)}`,
        coupon: s.code,
        receivedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      });
      await recordOrderReport(ctx.p.db, orderReportOf(job));
      return scheduledRun(ctx, 'reconciliation', workflowTypes.reconcileOrders, [{ settleSeconds: 1 }]);
    },
  },
  {
    name: 'verification-sweep',
    record: (ctx) => scheduledRun(ctx, 'verification-sweep', workflowTypes.sweepVerifications, [{ staleAfterDays: 7, pollForMinutes: 5 }]),
  },
  { name: 'webhook-sweep', record: (ctx) => scheduledRun(ctx, 'webhook-sweep', workflowTypes.sweepWebhookEvents, [{ olderThanSeconds: 60, batchSize: 500 }]) },
  { name: 'commission-approval', record: commissionApprovalRun },
];

/**
 * The approval Schedule's workflow with a due commission: a credited order's commission, held one
 * "day" (one second while recording, COMMISSION_DAY_SECONDS=1), then approved by a run with a
 * batch of one, so the history has a full batch and the empty batch that ends the loop. The
 * pipeline's own Schedule may approve it first (every 5 minutes); then try another order.
 */
async function commissionApprovalRun(ctx: ScenarioContext): Promise<RecordedRun[]> {
  const s = await store(ctx);
  const rule = await requestJson(`${ctx.p.adminUrl}/api/v1/workspace`, {
    method: 'PATCH',
    token: s.token,
    body: { commission: { type: 'percent', percent: 10 }, commissionHoldDays: 1 },
  });
  if (rule.status !== 200) throw new Error(`setting the commission rule answered ${rule.status}: ${JSON.stringify(rule.body)}`);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const orderId = `COMMISSION-${randomString(8)}`;
    await orderRun(ctx, 'commission-order', [orderJob(s.integrationId, origin, { orderId, coupon: s.code })]);
    const commission = await waitFor(
      (): Promise<{ id: string; status: string } | undefined> =>
        ctx.p
          .db('commissions as c')
          .join('orders as o', 'o.id', 'c.order_row_id')
          .where({ 'o.integration_id': s.integrationId, 'o.order_id': orderId, 'c.kind': 'sale' })
          .whereRaw('c.hold_until <= now()')
          .first('c.id', 'c.status'),
      'a commission whose hold has ended',
      WAIT_MS,
    );
    if (commission.status !== 'pending') continue;
    const [run] = await scheduledRun(ctx, 'commission-approval', workflowTypes.approveDueCommissions, [{ batchSize: 1 }]);
    const approved = await ctx.p.db('commissions').where({ id: commission.id }).first('status');
    const result = (await ctx.client.workflow.getHandle(run!.workflowId, run!.runId).result()) as { approved: number };
    if (approved?.status === 'approved' && result.approved >= 1) return [run!];
  }
  throw new Error('the approval Schedule approved the commission before the recorded run, three times');
}
