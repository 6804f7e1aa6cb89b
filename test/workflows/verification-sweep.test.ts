import { expect } from 'chai';
import type { Client } from '@temporalio/client';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { createLogger } from '../../core/logger';
import { connectTemporalClient } from '../../core/temporal-client';
import {
  commissionApprovalScheduleId,
  reconciliationScheduleId,
  verificationSweepScheduleId,
  webhookSweepScheduleId,
  workflowTypes,
} from '../../core/temporal';
import { ensureSchedules } from '../../workflows/ensure-schedules';
import { startWorker, type RunningWorker } from '../../workflows/start-worker';
import { newWorkspace } from '../support/store-setup';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';
import { DAY_MS } from './order-fixtures';

describe('the verification sweep Schedule', function () {
  let config: Config;
  let db: Db;
  let worker: RunningWorker;
  let temporal: { client: Client; close(): Promise<void> };
  const log = createLogger({ level: 'silent', name: 'test' });

  before(async function () {
    this.timeout(60_000);
    config = testConfig();
    db = createDb(config.databaseUrl, { min: 0, max: 4 });
    worker = await startWorker(config, log);
    temporal = await connectTemporalClient(config.temporal);
  });
  after(async () => {
    for (const scheduleId of [
      verificationSweepScheduleId(config.temporal.taskQueue),
      reconciliationScheduleId(config.temporal.taskQueue),
      webhookSweepScheduleId(config.temporal.taskQueue),
      commissionApprovalScheduleId(config.temporal.taskQueue),
    ])
      await temporal?.client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch(() => undefined);
    await temporal?.close();
    await worker?.close();
    await db?.destroy();
  });

  async function integration(fields: Record<string, unknown>): Promise<string> {
    const { workspaceId } = await newWorkspace(db);
    const id = newId('int');
    await db('integrations').insert({
      id,
      workspace_id: workspaceId,
      type: 'custom',
      website_url: 'https://sweep.example.com',
      origin: 'https://sweep.example.com',
      ...fields,
    });
    return id;
  }
  const row = (id: string) => db('integrations').where({ id }).first('stale_since', 'verification_started_at', 'status');

  describe('when the worker has started', () => {
    it('has created the Schedule, every 5 minutes, skipping overlaps; ensuring it again changes nothing', async () => {
      const handle = temporal.client.schedule.getHandle(verificationSweepScheduleId(config.temporal.taskQueue));
      const ids = await ensureSchedules(
        temporal.client,
        { taskQueue: config.temporal.taskQueue, pollForMinutes: config.verificationPolling.pollForMinutes },
        log,
      );
      expect(ids).to.deep.equal([
        handle.scheduleId,
        reconciliationScheduleId(config.temporal.taskQueue),
        webhookSweepScheduleId(config.temporal.taskQueue),
        commissionApprovalScheduleId(config.temporal.taskQueue),
      ]);
      const described = await handle.describe();
      expect(described.spec.intervals?.map((i) => i.every)).to.deep.equal([5 * 60_000]);
      expect(described.policies.overlap).to.equal('SKIP');
      expect(described.action).to.include({ type: 'startWorkflow', workflowType: workflowTypes.sweepVerifications, taskQueue: config.temporal.taskQueue });
    });
  });

  describe('when it is triggered', () => {
    it('flags quiet connected integrations, clears the flag of those back, and expires old pending verifications', async function () {
      this.timeout(60_000);
      const now = Date.now();
      const quiet = await integration({ status: 'connected', connected_at: new Date(now - 10 * DAY_MS), last_signal_at: new Date(now - 4 * DAY_MS) });
      const lively = await integration({ status: 'connected', connected_at: new Date(now - 10 * DAY_MS), last_signal_at: new Date(now - 3_600_000) });
      const back = await integration({ status: 'connected', last_signal_at: new Date(now - 60_000), stale_since: new Date(now - DAY_MS) });
      const abandoned = await integration({ status: 'pending', verification_started_at: new Date(now - 2 * 3_600_000) });
      const polling = await integration({ status: 'pending', verification_started_at: new Date(now - 60_000) });

      const handle = temporal.client.schedule.getHandle(verificationSweepScheduleId(config.temporal.taskQueue));
      await handle.trigger();
      const flagged = await waitFor(async () => (await row(quiet)).stale_since, 'the quiet integration to be flagged');

      expect(flagged).to.be.instanceOf(Date);
      expect((await row(lively)).stale_since).to.equal(null);
      expect((await row(back)).stale_since).to.equal(null);
      expect((await row(abandoned)).verification_started_at).to.equal(null);
      expect((await row(polling)).verification_started_at).to.be.instanceOf(Date);
      expect((await row(abandoned)).status).to.equal('pending');

      // A second sweep keeps the first time it was flagged.
      await temporal.client.workflow.execute(workflowTypes.sweepVerifications, {
        taskQueue: config.temporal.taskQueue,
        workflowId: `sweep-again-${quiet}`,
        args: [{ staleAfterDays: 3, pollForMinutes: config.verificationPolling.pollForMinutes }],
      });
      expect((await row(quiet)).stale_since.getTime()).to.equal(flagged.getTime());
    });
  });
});
