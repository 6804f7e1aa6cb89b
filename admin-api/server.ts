import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { runMain, stopOnSignals } from '../core/process-lifecycle';
import { startAdminApi } from './start-admin-api';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'admin-api' });
  const adminApi = await startAdminApi(config, log);
  stopOnSignals(log, 'admin-api', adminApi.close);
});
