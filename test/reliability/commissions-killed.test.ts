import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { runPayouts } from '../../core/commissions/payouts';
import type { Config } from '../../core/config';
import { createDb, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { workflowTypes } from '../../core/temporal';
import { seedCommissionStore } from '../commissions/commission-fixtures';
import { seedManyCommissions } from '../commissions/seed-many-commissions';
import { serviceEnv, startChildService, startNodeProcess, type ChildService } from '../support/child-processes';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const count = async (query: Promise<{ count: string }[]>) => Number((await query)[0]!.count);

describe('commission work killed half way (SIGKILL)', function () {
  this.timeout(300_000);
  let config: Config;
  let db: Db;
  const children: ChildService[] = [];

  before(() => {
    config = testConfig();
    db = createDb(config.databaseUrl, { min: 0, max: 4 });
  });
  after(async () => {
    for (const child of children) if (child.isRunning()) await child.stop();
    await db?.destroy();
  });

  it('a worker killed during approval: a new worker finishes it, nothing lost, nothing approved twice', async () => {
    const store = await seedCommissionStore(db, { holdDays: 1 });
    await seedManyCommissions(db, store, { creators: 10, perCreator: 500, status: 'pending', holdUntil: new Date(Date.now() - 1000) });
    const pending = () => count(db('commissions').where({ workspace_id: store.workspaceId, status: 'pending' }).count('* as count'));
    const total = await pending();
    expect(total).to.equal(5_000);

    const env = serviceEnv(config);
    const first = await startChildService('workflows/worker.ts', env);
    children.push(first);
    const connection = await Connection.connect({ address: config.temporal.address });
    const client = new Client({ connection, namespace: config.temporal.namespace });
    try {
      const handle = await client.workflow.start(workflowTypes.approveDueCommissions, {
        taskQueue: config.temporal.taskQueue,
        workflowId: `approve-kill-${randomString(6)}`,
        args: [{ batchSize: 500 }],
      });
      await waitFor(async () => ((await pending()) < total ? true : undefined), 'the first batches to be approved', 60_000);
      await first.kill();
      const leftAtKill = await pending();
      expect(leftAtKill, 'approval was half way when the worker died').to.be.greaterThan(0);

      children.push(await startChildService('workflows/worker.ts', env));
      await handle.result();
    } finally {
      await connection.close();
    }
    expect(await pending()).to.equal(0);
    const approved = await db('commissions')
      .where({ workspace_id: store.workspaceId, status: 'approved' })
      .count<{ count: string }[]>('* as count')
      .countDistinct<{ distinct: string }[]>('order_row_id as distinct');
    expect(approved[0]).to.deep.equal({ count: '5000', distinct: '5000' });
    expect(await count(db('commissions').where({ workspace_id: store.workspaceId }).whereNull('approved_at').count('* as count'))).to.equal(0);
  });

  it('a process killed during a payout run leaves no payout; the next run takes every commission once', async () => {
    const store = await seedCommissionStore(db, { holdDays: 0 });
    await seedManyCommissions(db, store, { creators: 1000, perCreator: 100, status: 'approved' });
    const child = await startNodeProcess({
      entry: 'test/commissions/run-payouts-child.ts',
      args: ['--require', 'tsx/cjs', 'test/commissions/run-payouts-child.ts'],
      readyMessage: 'payout run starting',
      env: { DATABASE_URL: config.databaseUrl, WORKSPACE_ID: store.workspaceId },
    });
    children.push(child);
    // Kill it while its statement runs in PostgreSQL.
    await waitFor(
      async () =>
        (await db('pg_stat_activity')
          .where({ state: 'active' })
          .andWhere('query', 'like', '%insert into payouts%')
          .andWhereNot('pid', db.raw('pg_backend_pid()'))
          .first('pid')) ?? undefined,
      'the payout run to be running',
      30_000,
    );
    await child.kill();
    expect(child.recentOutput()).to.not.include('payout run made');
    // PostgreSQL notices the dead connection (at the latest when the statement answers) and rolls its transaction back.
    await waitFor(
      async () =>
        (await db('pg_stat_activity').andWhere('query', 'like', '%insert into payouts%').andWhereNot('pid', db.raw('pg_backend_pid()')).first('pid'))
          ? undefined
          : true,
      'the killed run to be rolled back',
      120_000,
    );
    expect(await count(db('payouts').where({ workspace_id: store.workspaceId }).count('* as count'))).to.equal(0);
    expect(await count(db('commissions').where({ workspace_id: store.workspaceId }).whereNotNull('payout_id').count('* as count'))).to.equal(0);

    const started = performance.now();
    const { payouts } = await runPayouts(db, { workspaceId: store.workspaceId });
    console.log(
      `      payout run over 100,000 approved commissions for 1,000 creators: ${Math.round(performance.now() - started)} ms, ${payouts.length} payouts (shared machine)`,
    );
    expect(payouts).to.have.length(1000);
    expect(payouts.every((p) => p.amount === 100 && p.commissionCount === 100)).to.equal(true);
    expect(await count(db('commissions').where({ workspace_id: store.workspaceId }).whereNull('payout_id').count('* as count'))).to.equal(0);
  });
});
