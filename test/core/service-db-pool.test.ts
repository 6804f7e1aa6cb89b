import { expect } from 'chai';
import { openServiceDb, type Db } from '../../core/db';
import { testConfig } from '../support/test-config';
import { waitFor } from '../support/wait-for';

/** The PostgreSQL connections this test's pool holds open, by its application_name. */
async function openConnections(observer: Db, applicationName: string): Promise<number> {
  const { rows } = await observer.raw<{ rows: { count: number }[] }>('select count(*)::int as count from pg_stat_activity where application_name = ?', [
    applicationName,
  ]);
  return rows[0]!.count;
}

describe("a service's PostgreSQL pool (openServiceDb)", () => {
  const applicationName = `pool-test-${process.pid}`;
  let pool: Db;
  let observer: Db;

  before(() => {
    const config = testConfig({ databaseIdleTimeoutMs: 300 });
    const url = new URL(config.databaseUrl);
    url.searchParams.set('application_name', applicationName);
    pool = openServiceDb({ ...config, databaseUrl: url.toString() }, 3);
    observer = openServiceDb(testConfig(), 1);
  });

  after(async () => {
    await pool.destroy();
    await observer.destroy();
  });

  it('opens at most `max` connections, and closes them once idle for DATABASE_IDLE_TIMEOUT_MS', async () => {
    await Promise.all(Array.from({ length: 6 }, () => pool.raw('select pg_sleep(0.2)')));
    const afterBurst = await openConnections(observer, applicationName);
    expect(afterBurst, 'six queries at once share the three connections').to.be.within(1, 3);
    await waitFor(async () => (await openConnections(observer, applicationName)) === 0, 'the idle connections to be closed', 5_000);
  });
});
