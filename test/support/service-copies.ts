import type { Config } from '../../core/config';
import path from 'node:path';
import { freePort, readyMessage, serviceEnv, startChildService, startNodeProcess, type ChildService, type ServiceEntry } from './child-processes';

/**
 * Several copies of each process a beacon goes through, as a scaled-out deployment runs them:
 * each ingest copy on a port of its own, and consumers and workers sharing the one Temporal
 * server, PostgreSQL, Redis, queue key space and task queue of the configuration.
 */
export type ServiceCopies = {
  ingestUrls: string[];
  /** Every process started, ingest copies first, for CPU and memory figures. */
  processes: { name: ProcessName; copy: number; service: ChildService }[];
  stop(): Promise<void>;
};

type ProcessName = 'ingest' | 'consumer' | 'worker' | 'worker-with-consumer';

const entries: Record<ProcessName, ServiceEntry> = {
  ingest: 'ingest/server.ts',
  consumer: 'workflows/consumer.ts',
  worker: 'workflows/worker.ts',
  'worker-with-consumer': 'workflows/worker-with-consumer.ts',
};

export type ServiceCopiesOptions = {
  copies: number;
  /** The consumer and the worker in one process (workflows/worker-with-consumer.ts), or apart. */
  workerWithConsumer?: boolean;
  env?: Partial<Record<ProcessName, Record<string, string>>>;
  /** Run the production build (dist/, from `npm run build`) with plain node instead of the TypeScript through tsx. */
  compiled?: boolean;
};

const root = path.resolve(__dirname, '../..');

/** One process: the TypeScript entry through tsx, or its compiled twin in dist/ (`ingest/server.ts` → `dist/ingest/server.js`). */
function startEntry(entry: ServiceEntry, env: Record<string, string>, compiled: boolean): Promise<ChildService> {
  if (!compiled) return startChildService(entry, env, 180_000);
  const file = path.join(root, 'dist', entry.replace(/\.ts$/, '.js'));
  return startNodeProcess({ entry: file, args: [file], readyMessage: readyMessage[entry], env, readyTimeoutMs: 180_000 });
}

export async function startServiceCopies(
  config: Config,
  { copies, workerWithConsumer = false, env = {}, compiled = false }: ServiceCopiesOptions,
): Promise<ServiceCopies> {
  const ports = await Promise.all(Array.from({ length: copies }, () => freePort()));
  const names: ProcessName[] = workerWithConsumer ? ['ingest', 'worker-with-consumer'] : ['ingest', 'consumer', 'worker'];
  const plan = names.flatMap((name) =>
    ports.map((port, copy) => ({ name, copy, env: serviceEnv(config, { ...env[name], ...(name === 'ingest' ? { INGEST_PORT: String(port) } : {}) }) })),
  );
  const started = await Promise.allSettled(plan.map((p) => startEntry(entries[p.name], p.env, compiled)));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((s) => s.stop()));
    throw failed.reason;
  }
  return {
    ingestUrls: ports.map((port) => `http://127.0.0.1:${port}`),
    processes: plan.map((p, i) => ({ name: p.name, copy: p.copy, service: (started[i] as PromiseFulfilledResult<ChildService>).value })),
    async stop() {
      await Promise.all(running.map((s) => s.stop()));
    },
  };
}
