import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';

/** A Temporal client for starting workflows (the queue consumer, the admin API). Node-only. */
export async function connectTemporalClient(temporal: Config['temporal']): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: temporal.address, connectTimeout: '10 seconds' });
  return { client: new Client({ connection, namespace: temporal.namespace }), close: () => connection.close() };
}
