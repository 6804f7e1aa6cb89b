import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

/**
 * The start-up floor of any worker on this SDK, for bench/startup.ts to measure beside ours:
 * the Runtime with its Prometheus exporter, one native connection, a Worker on the workflow
 * bundle `npm run build` made (our workflows, one no-op activity), polling; /readyz answers 200
 * once Temporal lists it among its task queue's pollers, as our worker's readiness does. No
 * database, no Schedules, no metrics of its own, no logger but the SDK's. Compiled by the bench
 * to plain JavaScript in bench-profiles/ and run with node; reads TEMPORAL_ADDRESS,
 * TEMPORAL_TASK_QUEUE, WORKER_METRICS_PORT and WORKFLOW_BUNDLE_FILE.
 */
async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'bare-sdk-worker';
  const port = Number(process.env.WORKER_METRICS_PORT ?? 0);
  const exporterPort = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${exporterPort}` } } } });
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_FILE ?? path.join(__dirname, '..', 'dist', 'workflows', 'workflow-bundle.js') },
    activities: { noop: async () => undefined },
  });
  const running = worker.run();
  const client = Connection.lazy({ address, interceptors: [] });
  const server = http.createServer((req, res) => {
    void client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 }).then(
      ({ pollers }) => res.writeHead(pollers?.some((p) => p.identity === worker.options.identity) ? 200 : 503).end(),
      () => res.writeHead(503).end(),
    );
  });
  server.listen(port, '127.0.0.1', () => console.log('bare SDK worker running'));
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  server.close();
  await client.close();
  await connection.close();
}

void main();
