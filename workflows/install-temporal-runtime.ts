import net from 'node:net';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../core/logger';

const toPino: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK's exporter as this process installed it: where to read its Prometheus text. */
export type TemporalRuntime = { sdkMetricsUrl: string };

let installed: Promise<TemporalRuntime> | null = null;

async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Installs the Temporal SDK's Runtime once per process: its logs (worker and workflow `log`)
 * go into our structured logger, and its own worker metrics (`temporal_…`: task latencies,
 * slots, poll results) into its Prometheus exporter. The exporter listens on a loopback port
 * of its own; the worker's metrics server (WORKER_METRICS_PORT) serves its text together with
 * ours, so that one port answers /metrics, /healthz and /readyz like every other process.
 */
export function installTemporalRuntime(log: Logger): Promise<TemporalRuntime> {
  installed ??= (async () => {
    const port = await freeLoopbackPort();
    const level = (log.level === 'silent' || log.level === 'fatal' ? 'ERROR' : log.level.toUpperCase()) as LogLevel;
    Runtime.install({
      logger: new DefaultLogger(level in toPino ? level : 'INFO', (entry) => {
        log[toPino[entry.level]]({ ...entry.meta, temporal: true }, entry.message);
      }),
      telemetryOptions: {
        metrics: {
          prometheus: { bindAddress: `127.0.0.1:${port}`, countersTotalSuffix: true, useSecondsForDurations: true, unitSuffix: true },
        },
      },
    });
    return { sdkMetricsUrl: `http://127.0.0.1:${port}/metrics` };
  })();
  return installed;
}

/** The SDK exporter's current text; empty when it does not answer within 2 s, so our own series still reach Prometheus. */
export async function readSdkMetrics(runtime: TemporalRuntime): Promise<string> {
  try {
    const response = await fetch(runtime.sdkMetricsUrl, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? await response.text() : '';
  } catch {
    return '';
  }
}
