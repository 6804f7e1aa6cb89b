import { loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { runMain, stopOnSignals } from '../core/process-lifecycle';
import { startConsumer } from './start-consumer';

runMain(async () => {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'consumer' });
  const consumer = await startConsumer(config, log);
  stopOnSignals(log, 'consumer', consumer.close);
});
