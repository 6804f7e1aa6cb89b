import { loadConfig, type Config } from '../../core/config';
import { randomString } from '../../core/domain/ids';

/**
 * The test run's configuration: a database and a queue key space of its own (so a running
 * `npm start` is not disturbed) and the Temporal dev server that scripts/test.sh started.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/influtrace_test',
    QUEUE_PREFIX: `influtrace-test-${randomString(6)}`,
    // Idle connections closed after a second, not 30: this suite and the server engine's run side by
    // side on one PostgreSQL (max_connections 100), and idle pools of finished tests once filled it.
    DATABASE_IDLE_TIMEOUT_MS: '1000',
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7243',
    TEMPORAL_TASK_QUEUE: `test-${randomString(8)}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // No Temporal UI links unless a test asks for them.
    TEMPORAL_UI_URL: '',
    // Any free port: a running `npm start` or another test run holds the default ones.
    WORKER_METRICS_PORT: '0',
    CONSUMER_METRICS_PORT: '0',
  });
  return { ...base, ...overrides };
}
