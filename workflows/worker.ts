import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { runMain } from '../core/process-lifecycle';
import { startWorker } from './start-worker';

// Worker.run() handles SIGINT/SIGTERM itself: it stops polling and drains tasks in flight.
runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'worker' });
  const worker = await startWorker(config, log);
  await worker.done;
  log.info('temporal worker stopped');
});
