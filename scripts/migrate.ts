import { loadConfig } from '../core/config';
import { createDb, ensureDatabaseExists, migrateToLatest } from '../core/db';
import { createLogger } from '../core/logger';
import { runMain } from '../core/process-lifecycle';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'migrate' });
  await ensureDatabaseExists(config.databaseUrl);
  const db = createDb(config.databaseUrl, { min: 0, max: 1 });
  try {
    const applied = await migrateToLatest(db);
    log.info({ applied }, applied.length ? 'migrations applied' : 'schema already up to date');
  } finally {
    await db.destroy();
  }
});
