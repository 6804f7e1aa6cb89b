import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { runMain, stopOnSignals } from '../core/process-lifecycle';
import { startIngest } from './start-ingest';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'ingest' });
  const ingest = await startIngest(config, log);
  stopOnSignals(log, 'ingest', ingest.close);
});
