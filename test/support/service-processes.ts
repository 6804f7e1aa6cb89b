import type { Config } from '../../core/config';
import { freePort, serviceEnv, startChildService, type ChildService, type ServiceEntry } from './child-processes';

export type ServiceName = 'ingest' | 'consumer' | 'worker';

const entries: Record<ServiceName, ServiceEntry> = {
  ingest: 'ingest/server.ts',
  consumer: 'workflows/consumer.ts',
  worker: 'workflows/worker.ts',
};

export type ServiceProcesses = {
  ingestUrl: string;
  running: Record<ServiceName, ChildService>;
  /** SIGKILL one of them. */
  kill(name: ServiceName): Promise<void>;
  /** Starts it again with the same environment (ingest on the same port) and waits until it serves. */
  start(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The three processes a beacon goes through, as real OS processes on the test's configuration:
 * ingest (on a free port), the queue consumer and the Temporal worker. `env` overrides what one
 * of them reads, e.g. a DATABASE_URL through a proxy the test can cut.
 */
export async function startServiceProcesses(config: Config, env: Partial<Record<ServiceName, Record<string, string>>> = {}): Promise<ServiceProcesses> {
  const ingestPort = await freePort();
  const envOf = (name: ServiceName) => serviceEnv(config, { INGEST_PORT: String(ingestPort), ...env[name] });
  const names = Object.keys(entries) as ServiceName[];
  const started = await Promise.allSettled(names.map((name) => startChildService(entries[name], envOf(name))));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  const running = Object.fromEntries(names.map((name, i) => [name, (started[i] as PromiseFulfilledResult<ChildService>).value])) as Record<
    ServiceName,
    ChildService
  >;
  return {
    ingestUrl: `http://127.0.0.1:${ingestPort}`,
    running,
    kill: (name) => running[name].kill(),
    async start(name) {
      running[name] = await startChildService(entries[name], envOf(name));
    },
    async stop() {
      await Promise.all(names.map((name) => running[name].stop()));
    },
  };
}
