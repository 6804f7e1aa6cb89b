import type { WorkspaceId } from '../../core/domain/workspace-id';
import { INTEGRATION_CHANGED_CHANNEL, SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import type { Config } from '../../core/config';
import type { Db } from '../../core/db';
import type { RefundJob } from '../../core/queues';
import { createIntegrationKey } from '../../core/repositories/integration-keys';
import { connectIfPixelSeen, createIntegration, recordSignal, type Integration } from '../../core/repositories/integrations';
import { rawRequest, type RawResponse } from '../support/raw-http';
import { ALL_JOB_STATES, type Backing } from './ingest-harness';

export { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH };

/** An integration and one secret key of it, as the store's server would hold it. */
export type KeyedIntegration = { integration: Integration; keyId: string; secret: string };

/** A new integration for `origin` (connected unless told otherwise) with a secret key. */
export async function keyedIntegration(
  db: Db,
  workspaceId: WorkspaceId,
  origin: string,
  status: 'pending' | 'connected' = 'connected',
): Promise<KeyedIntegration> {
  let integration = await createIntegration(db, { workspaceId, websiteUrl: origin, origin });
  if (status === 'connected') {
    await recordSignal(db, { integrationId: integration.id, origin, url: `${origin}/`, seenAt: new Date(), pings: 1 });
    integration = (await connectIfPixelSeen(db, integration.workspaceId, integration.id)).integration ?? integration;
  }
  const { key, secret } = await createIntegrationKey(db, { workspaceId, integrationId: integration.id, name: 'checkout server' });
  return { integration, keyId: key.id, secret };
}

/** A JSON POST from the store's server: `Authorization: Bearer <secret>` unless `secret` is null. */
export function postAsServer(
  ingestUrl: string,
  path: string,
  secret: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(ingestUrl, {
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json', ...(secret === null ? {} : { Authorization: `Bearer ${secret}` }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What the admin API does after a revocation or a disconnection: tells every ingest copy. */
export async function announceIntegrationChange(backing: Backing, config: Config, integrationId: string): Promise<void> {
  await backing.redis.publish(`${config.queuePrefix}:${INTEGRATION_CHANGED_CHANNEL}`, integrationId);
}

/** Every refund job in the refunds queue, with its job id. */
export async function queuedRefunds(backing: Backing): Promise<{ jobId: string; refund: RefundJob }[]> {
  const jobs = await backing.queues.refunds.getJobs([...ALL_JOB_STATES]);
  return jobs.flatMap((job) => (job ? [{ jobId: String(job.id), refund: job.data }] : []));
}
