import type { Client } from '@temporalio/client';
import type { Db } from '../../core/db';
import type { Logger } from '../../core/logger';
import { providerOf } from '../../core/temporal-client';
import type { WebhookDeliverySettings } from '../../core/webhooks/delivery-settings';
import { eventBody, finishAttempt, hasSucceeded, startAttempt } from '../../core/webhooks/deliveries';
import { createWebhookDispatcher, findUndispatchedEvents } from '../../core/webhooks/dispatch-webhook-events';
import { disableGoneEndpoint, findEndpointInAnyWorkspace, markEndpointFailing, markEndpointHealthy, signingSecrets } from '../../core/webhooks/endpoints';
import { postWebhook } from '../../core/webhooks/post-webhook';
import { webhookHeaders } from '../../core/webhooks/sign-webhook';
import { checkWebhookUrl, type Resolve } from '../../core/webhooks/url-policy';

export type WebhookActivityDeps = {
  db: Db;
  client: Client;
  /** The worker's task queue: delivery workflows run where the dispatching worker runs. */
  taskQueue: string;
  log: Logger;
  webhooks: { secretKey: Buffer; allowPrivateUrls: boolean; delivery: WebhookDeliverySettings; resolve?: Resolve };
  /** Told of every attempt made (the worker's metrics); not of a delivery stopped or already succeeded before one. */
  webhookObserver?: WebhookAttemptObserver;
};

export type AttemptInput = { endpointId: string; eventId: string; attempt: number; timeoutMs: number; disableAfterFailingSeconds: number };

/** succeeded: a 2xx (now or before); failed: retry later; gone: 410, endpoint disabled; disabled: failing too long; stopped: endpoint deleted or disabled. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'gone' | 'disabled' | 'stopped';

/** What one attempt came to, for counting: the attempt's outcome, and url_refused when the URL failed the policy and the endpoint stays enabled. */
export const webhookAttemptOutcomes = ['succeeded', 'failed', 'gone', 'disabled', 'url_refused'] as const;
export type WebhookAttemptObserver = {
  /** httpMs: the POST's duration; null when no request was sent (URL refused). */
  attempted(outcome: (typeof webhookAttemptOutcomes)[number], httpMs: number | null): void;
};

export function createWebhookActivities(deps: WebhookActivityDeps) {
  const { db, log } = deps;
  const observe = deps.webhookObserver ?? { attempted: () => undefined };
  const dispatch = createWebhookDispatcher({ db, temporal: providerOf(deps.client), taskQueue: deps.taskQueue, delivery: deps.webhooks.delivery, log });

  async function failed(input: AttemptInput): Promise<'failed' | 'disabled'> {
    return (await markEndpointFailing(db, input.endpointId, input.disableAfterFailingSeconds)) === 'disabled' ? 'disabled' : 'failed';
  }

  /** One signed POST of one event to one endpoint, recorded in webhook_deliveries. Safe to repeat. */
  async function attemptWebhookDelivery(input: AttemptInput): Promise<AttemptOutcome> {
    const context = { endpointId: input.endpointId, eventId: input.eventId, attempt: input.attempt };
    const endpoint = await findEndpointInAnyWorkspace(db, input.endpointId);
    if (!endpoint || endpoint.status !== 'enabled') return 'stopped';
    if (await hasSucceeded(db, input.endpointId, input.eventId)) return 'succeeded';
    const body = await eventBody(db, input.eventId);
    if (body === null) return 'stopped';

    const deliveryId = await startAttempt(db, context);
    const checked = await checkWebhookUrl(endpoint.url, deps.webhooks);
    if (!checked.ok) {
      await finishAttempt(db, deliveryId, { status: 'failed', responseStatus: null, durationMs: null, error: 'url_refused' });
      log.warn({ ...context, reason: checked.reason }, 'webhook URL refused at delivery');
      const outcome = await failed(input);
      observe.attempted(outcome === 'disabled' ? 'disabled' : 'url_refused', null);
      return outcome;
    }
    const secrets = await signingSecrets(db, deps.webhooks.secretKey, endpoint.id);
    const headers = webhookHeaders(secrets, input.eventId, Math.floor(Date.now() / 1000), body);
    const sent = await postWebhook({ url: checked.url, addresses: checked.addresses, headers, body, timeoutMs: input.timeoutMs });
    const ok = sent.responseStatus !== null && sent.responseStatus >= 200 && sent.responseStatus < 300;
    await finishAttempt(db, deliveryId, { status: ok ? 'succeeded' : 'failed', ...sent });
    log.info({ ...context, responseStatus: sent.responseStatus, durationMs: sent.durationMs, error: sent.error }, 'webhook attempt');
    const outcome = await settle(endpoint.id, input, ok, sent.responseStatus);
    observe.attempted(outcome, sent.durationMs);
    return outcome;
  }

  async function settle(endpointId: string, input: AttemptInput, ok: boolean, responseStatus: number | null): Promise<Exclude<AttemptOutcome, 'stopped'>> {
    if (ok) {
      await markEndpointHealthy(db, endpointId);
      return 'succeeded';
    }
    if (responseStatus === 410) {
      await disableGoneEndpoint(db, endpointId);
      log.warn({ endpointId, eventId: input.eventId, attempt: input.attempt }, 'webhook endpoint answered 410 Gone: disabled');
      return 'gone';
    }
    return failed(input);
  }

  return {
    attemptWebhookDelivery,
    dispatchWebhookEvents: dispatch,
    /** The outbox sweep: events a crash (or Temporal being away) left undispatched. */
    async dispatchUndispatchedWebhookEvents(input: { olderThanSeconds: number; limit: number }): Promise<number> {
      const ids = await findUndispatchedEvents(db, input.olderThanSeconds, input.limit);
      if (ids.length > 0) await dispatch(ids);
      return ids.length;
    },
  };
}
