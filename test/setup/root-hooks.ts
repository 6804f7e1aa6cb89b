import { createDb, ensureDatabaseExists } from '../../core/db';
import { testConfig } from '../support/test-config';

/** Once per run: a fresh schema in the test database, built by the real migrations (down, then up). */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    const { databaseUrl } = testConfig();
    await ensureDatabaseExists(databaseUrl);
    const db = createDb(databaseUrl, { min: 0, max: 1 });
    try {
      await db.migrate.rollback(undefined, true);
      await db.migrate.latest();
    } finally {
      await db.destroy();
    }
  },
};
