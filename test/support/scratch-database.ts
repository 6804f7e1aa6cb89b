import { createDb, ensureDatabaseExists, type Db } from '../../core/db';
import { randomString } from '../../core/domain/ids';
import { testConfig } from './test-config';

/** An empty database of the test's own (no migrations run), beside the test run's; `drop()` removes it. */
export async function scratchDatabase(prefix: string): Promise<{ db: Db; drop(): Promise<void> }> {
  const name = `${prefix}_${randomString(6)}`;
  const url = new URL(testConfig().databaseUrl);
  url.pathname = `/${name}`;
  await ensureDatabaseExists(url.toString());
  const db = createDb(url.toString(), { min: 0, max: 1 });
  url.pathname = '/postgres';
  const adminDb = createDb(url.toString(), { min: 0, max: 1 });
  return {
    db,
    async drop() {
      await db.destroy();
      await adminDb.raw(`drop database if exists "${name}" with (force)`);
      await adminDb.destroy();
    },
  };
}
