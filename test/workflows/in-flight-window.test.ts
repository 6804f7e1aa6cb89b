import { expect } from 'chai';
import { createDb, type Db } from '../../core/db';
import { newId } from '../../core/domain/ids';
import { createInFlightWindow } from '../../workflows/consumer/in-flight-window';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

describe('the consumer’s window of order reports in flight', () => {
  let db: Db;
  before(() => {
    db = createDb(testConfig().databaseUrl, { min: 0, max: 2 });
  });
  after(async () => db?.destroy());

  async function storedReports(count: number, receivedAt = new Date()): Promise<Array<{ reportId: string; receivedAt: string }>> {
    const ids = Array.from({ length: count }, () => newId('rpt'));
    await db('order_reports').insert(
      ids.map((id) => ({ id, integration_id: 'int_window', order_id: id, payload: '{}', received_at: receivedAt, workflow_id: `order/int_window/${id}` })),
    );
    return ids.map((reportId) => ({ reportId, receivedAt: receivedAt.toISOString() }));
  }
  const settledWithin = (promise: Promise<void>, ms: number) =>
    Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

  it('holds further reports back while full, and lets them go as outcomes are recorded', async () => {
    const window = createInFlightWindow({ db, max: 4, pollMs: 20 });
    try {
      const reports = await storedReports(4);
      const ids = reports.map((r) => r.reportId);
      await window.waitForRoom(4);
      window.add(reports);
      const next = window.waitForRoom(2);
      expect(await settledWithin(next, 200)).to.equal(false);
      await db('order_reports').whereIn('id', ids.slice(0, 2)).update({ outcome: 'credited', processed_at: new Date() });
      expect(await settledWithin(next, 2000)).to.equal(true);
      expect(window.size()).to.equal(2);
    } finally {
      window.close();
    }
  });

  it('lets a report go after the longest wait, whatever became of it, so the window never wedges', async () => {
    const window = createInFlightWindow({ db, max: 1, pollMs: 20, maxWaitMs: 100 });
    try {
      window.add(await storedReports(1));
      expect(await settledWithin(window.waitForRoom(1), 2000)).to.equal(true);
      expect(window.size()).to.equal(0);
    } finally {
      window.close();
    }
  });

  it('always admits a batch larger than the window when nothing is in flight', async () => {
    const window = createInFlightWindow({ db, max: 2, pollMs: 20 });
    try {
      expect(await settledWithin(window.waitForRoom(32), 100)).to.equal(true);
    } finally {
      window.close();
    }
  });

  it('tells its observer how many reports were signalled, processed (with their arrival times) and given up on', async () => {
    const seen = { signalled: 0, processedArrivals: [] as number[], expired: 0 };
    const observer = {
      signalled: (n: number) => (seen.signalled += n),
      processed: (arrivals: number[]) => seen.processedArrivals.push(...arrivals),
      expired: (n: number) => (seen.expired += n),
    };
    const window = createInFlightWindow({ db, max: 10, pollMs: 20, maxWaitMs: 1500, observer });
    try {
      const arrivedAt = new Date(Date.now() - 5_000);
      const reports = await storedReports(3, arrivedAt);
      window.add(reports);
      await db('order_reports').where('id', reports[0]!.reportId).update({ outcome: 'credited', processed_at: new Date() });
      await waitFor(async () => seen.processedArrivals.length === 1 && seen.expired === 2, 'one processed and two expired');
      expect(seen.signalled).to.equal(3);
      expect(seen.processedArrivals).to.deep.equal([arrivedAt.getTime()]);
    } finally {
      window.close();
    }
  });

  it('releases whoever waits when it closes (shutdown)', async () => {
    const window = createInFlightWindow({ db, max: 1, pollMs: 20 });
    window.add(await storedReports(1));
    const waiting = window.waitForRoom(1);
    window.close();
    expect(await settledWithin(waiting, 200)).to.equal(true);
  });
});
