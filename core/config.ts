import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_WEBHOOK_DELIVERY, type WebhookDeliverySettings } from './webhooks/delivery-settings';

const port = z.coerce.number().int().min(0).max(65535);
const url = z.string().url();
const perMinute = z.coerce.number().int().min(1).max(1_000_000);
const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'true or false' })
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: url.default('postgres://postgres@127.0.0.1:5432/influtrace'),
  DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes')
    .default('influtrace'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('influtrace-orders'),
  // The Temporal Web UI, for links from the dashboard to an order's workflow; empty counts as unset.
  TEMPORAL_UI_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .url()
      .regex(/^https?:/i, 'an http(s) URL')
      .optional(),
  ),
  INGEST_HOST: z.string().min(1).default('127.0.0.1'),
  INGEST_PORT: port.default(8080),
  ADMIN_API_HOST: z.string().min(1).default('127.0.0.1'),
  ADMIN_API_PORT: port.default(8081),
  PUBLIC_INGEST_URL: url.default('http://127.0.0.1:8080'),
  TRUST_PROXY: flag,
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  RATE_LIMIT_BEACONS_PER_MINUTE: perMinute.default(600),
  RATE_LIMIT_REDIRECTS_PER_MINUTE: perMinute.default(300),
  RATE_LIMIT_SERVER_REQUESTS_PER_MINUTE: perMinute.default(6000),
  PING_THROTTLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  VERIFY_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  ORDER_WORKFLOWS_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(200),
  // Workflows the worker keeps in memory between their tasks; unset (or empty): the Temporal SDK's
  // default, which grows with the heap limit (about 2,300 with a 4 GiB heap).
  WORKER_MAX_CACHED_WORKFLOWS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(2).max(100_000).optional()),
  // How long one "hour" of an integration's confirmation window lasts, in seconds. Tests only:
  // the API keeps hours, a test can wait for seconds.
  CONFIRMATION_HOUR_SECONDS: z.coerce.number().int().min(1).max(3600).default(3600),
  // How long one "day" of a commission's hold lasts, in seconds. Tests only: the API keeps days.
  COMMISSION_DAY_SECONDS: z.coerce.number().int().min(1).max(86400).default(86400),
  VERIFY_POLL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  // Empty counts as unset: docker-compose.yml passes `${OPERATOR_TOKEN:-}`.
  OPERATOR_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(24, 'at least 24 characters').regex(/^\S+$/, 'no spaces').optional()),
  WORKER_METRICS_PORT: port.default(9464),
  CONSUMER_METRICS_PORT: port.default(9465),
  WEBHOOK_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes, base64 (e.g. openssl rand -base64 32)')
    .optional(),
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(['true', 'false', '1', '0'], { message: 'true or false' }).optional(),
  // People sign in: where the dashboard is (links in mails, the CSRF origin), how mail is sent, how long sessions last.
  PUBLIC_ADMIN_URL: z.preprocess((v) => (v === '' ? undefined : v), url.regex(/^https?:/i, 'an http(s) URL').optional()),
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), url.regex(/^smtps?:\/\//i, 'an smtp:// or smtps:// URL').optional()),
  MAIL_FROM: z.string().min(3).default('InfluTrace <no-reply@influtrace.invalid>'),
  SESSION_IDLE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(31_536_000)
    .default(12 * 3600),
  SESSION_MAX_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(31_536_000)
    .default(30 * 24 * 3600),
});

/** Development and test only: a fixed key, so every local process can read what another stored. Production must set its own. */
const DEVELOPMENT_WEBHOOK_SECRET_KEY = createHash('sha256').update('influtrace development webhook secret key: never for production').digest();

export type Config = {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  databaseUrl: string;
  /** How long a service's pooled PostgreSQL connection may sit unused before it is closed. */
  databaseIdleTimeoutMs: number;
  redisUrl: string;
  queuePrefix: string;
  /** uiUrl: the Temporal Web UI (no trailing slash), for links to workflows; null: no links. */
  temporal: { address: string; namespace: string; taskQueue: string; uiUrl: string | null; maxCachedWorkflows: number | null };
  /** trustProxy: take the client address from X-Forwarded-For, `proxyHops` entries from its right end. */
  ingest: { host: string; port: number; publicUrl: string; trustProxy: boolean; proxyHops: number };
  adminApi: { host: string; port: number };
  pingThrottleSeconds: number;
  /** Per client address: beacons per integration, and tracking-link redirects. */
  rateLimits: { beaconsPerMinute: number; redirectsPerMinute: number };
  /** Per integration secret key: server-reported orders and refunds together. */
  serverRequestsPerMinute: number;
  verificationPolling: { pollIntervalSeconds: number; pollForMinutes: number };
  /** Order reports one consumer process has signalled to Temporal and not yet seen processed (back-pressure). */
  orderWorkflowsInFlight: number;
  /** Guards the queue dashboard at /operator/queues on the admin API; null: the dashboard is off. */
  operatorToken: string | null;
  /** Where the worker and the consumer serve /metrics, /healthz and /readyz: the admin API's host (0: any free port). */
  metrics: { host: string; workerPort: number; consumerPort: number };
  /** Seconds per hour of a confirmation window: 3600, except in tests. */
  confirmationHourSeconds: number;
  /** Seconds per day of a commission's hold: 86400, except in tests. */
  commissionDaySeconds: number;
  /**
   * secretKey: AES-256 key the endpoints' signing secrets are encrypted with at rest.
   * allowPrivateUrls: false → only https URLs whose addresses are all public, at creation and at each delivery.
   */
  webhooks: { secretKey: Buffer; allowPrivateUrls: boolean; delivery: WebhookDeliverySettings };
  /**
   * publicAdminUrl: the dashboard's own origin (invitation and reset links, the CSRF rule); null: the admin API's listening URL.
   * smtpUrl: null → no mail is sent, answers carry the links. Sessions end after idleSeconds unused or maxSeconds in all.
   */
  people: { publicAdminUrl: string | null; smtpUrl: string | null; mailFrom: string; sessionIdleSeconds: number; sessionMaxSeconds: number };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The only reader of process.env: validates every variable and names every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (env.NODE_ENV === 'production' && !env.WEBHOOK_SECRET_KEY) problems.push('WEBHOOK_SECRET_KEY: required in production (32 bytes, base64)');
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databaseIdleTimeoutMs: e.DATABASE_IDLE_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL?.replace(/\/+$/, '') ?? null,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS ?? null,
    },
    ingest: {
      host: e.INGEST_HOST,
      port: e.INGEST_PORT,
      publicUrl: e.PUBLIC_INGEST_URL.replace(/\/+$/, ''),
      trustProxy: e.TRUST_PROXY,
      proxyHops: e.TRUST_PROXY_HOPS,
    },
    adminApi: { host: e.ADMIN_API_HOST, port: e.ADMIN_API_PORT },
    pingThrottleSeconds: e.PING_THROTTLE_SECONDS,
    rateLimits: { beaconsPerMinute: e.RATE_LIMIT_BEACONS_PER_MINUTE, redirectsPerMinute: e.RATE_LIMIT_REDIRECTS_PER_MINUTE },
    serverRequestsPerMinute: e.RATE_LIMIT_SERVER_REQUESTS_PER_MINUTE,
    verificationPolling: { pollIntervalSeconds: e.VERIFY_POLL_INTERVAL_SECONDS, pollForMinutes: e.VERIFY_POLL_MINUTES },
    orderWorkflowsInFlight: e.ORDER_WORKFLOWS_IN_FLIGHT,
    operatorToken: e.OPERATOR_TOKEN ?? null,
    metrics: { host: e.ADMIN_API_HOST, workerPort: e.WORKER_METRICS_PORT, consumerPort: e.CONSUMER_METRICS_PORT },
    confirmationHourSeconds: e.CONFIRMATION_HOUR_SECONDS,
    commissionDaySeconds: e.COMMISSION_DAY_SECONDS,
    webhooks: {
      secretKey: e.WEBHOOK_SECRET_KEY ? Buffer.from(e.WEBHOOK_SECRET_KEY, 'base64') : DEVELOPMENT_WEBHOOK_SECRET_KEY,
      allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS === undefined ? e.NODE_ENV !== 'production' : ['true', '1'].includes(e.WEBHOOK_ALLOW_PRIVATE_URLS),
      delivery: DEFAULT_WEBHOOK_DELIVERY,
    },
    people: {
      publicAdminUrl: e.PUBLIC_ADMIN_URL?.replace(/\/+$/, '') ?? null,
      smtpUrl: e.SMTP_URL ?? null,
      mailFrom: e.MAIL_FROM,
      sessionIdleSeconds: e.SESSION_IDLE_SECONDS,
      sessionMaxSeconds: e.SESSION_MAX_SECONDS,
    },
  };
}
