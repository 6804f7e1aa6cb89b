import type { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { Config } from './config';
import { loadOnce } from './load-once';

/** A Temporal client for starting workflows (the queue consumer, the admin API, tests). Node-only. */
export async function connectTemporalClient(
  temporal: Config['temporal'],
  options: { connectTimeout?: Duration } = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  // Loaded here, not at the top: the SDK's client (gRPC, its protobufs) is a third of a second of start-up.
  const { Client, Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address: temporal.address, connectTimeout: options.connectTimeout ?? '10 seconds' });
  return { client: new Client({ connection, namespace: temporal.namespace }), close: () => connection.close() };
}

/** Hands over a Temporal client when a caller first needs one; rejects while Temporal cannot be reached. */
export type TemporalClientProvider = () => Promise<Client>;

/** A provider for a client that is already connected (the worker's). */
export function providerOf(client: Client): TemporalClientProvider {
  return () => Promise.resolve(client);
}

/**
 * A client connected on first use and kept: a process that only sometimes talks to Temporal (the
 * admin API: a verification, a refund, a webhook) starts without loading the SDK's client and
 * serves while Temporal is away. A failed connection is tried again on the next call.
 * `connectTimeout` bounds how long the call that connects waits while Temporal is away.
 */
export function lazyTemporalClient(
  temporal: Config['temporal'],
  options: { connectTimeout?: Duration } = {},
): { get: TemporalClientProvider; close(): Promise<void> } {
  const connection = loadOnce(() => connectTemporalClient(temporal, options));
  let closed = false;
  return {
    async get() {
      if (closed) throw new Error('the Temporal client was closed');
      return (await connection.get()).client;
    },
    async close() {
      closed = true;
      const pending = connection.forget();
      if (pending)
        await pending.then(
          (connected) => connected.close(),
          () => undefined,
        );
    },
  };
}
