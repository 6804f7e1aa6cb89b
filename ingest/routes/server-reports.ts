import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { serverOrderSchema, serverRefundSchema, type serverOrderAnswer, type serverRefundAnswer } from '../../core/domain/server-reports';
import { AppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import type { Queues } from '../../core/queues';
import type { RefusalLog } from '../../core/refusal-log';
import { acceptServerOrder } from '../accept-server-order';
import { acceptServerRefund, type AcceptServerRefundDeps } from '../accept-server-refund';
import type { AuthenticateServerKey, ServerCaller } from '../authenticate-server-key';
import { BeaconDropped, type DropReason } from '../drop-reasons';
import type { IngestMetrics } from '../metrics';
import type { QueueWriter } from '../queue-writer';
import type { RateLimit } from '../rate-limit';
import { parseAs, readJsonBody } from '../read-json-body';

export type ServerReportRouteDeps = {
  authenticate: AuthenticateServerKey;
  checkRateLimit: RateLimit;
  enqueueOrder: QueueWriter['enqueueOrder'];
  refunds: Queues['refunds'];
  isRefundIdTaken: AcceptServerRefundDeps['isRefundIdTaken'];
  refusals: RefusalLog<DropReason>;
  metrics: IngestMetrics;
  log: Logger;
};

type RequestType = 'order' | 'refund';

/**
 * The store's server, server to server: a secret key names the integration, the body is JSON
 * (application/json only; no CORS, no Origin check). The cheap refusals come first: key, rate
 * limit per key, a disconnected integration; then the body.
 */
export function mountServerReportRoutes(router: Router, deps: ServerReportRouteDeps): void {
  async function admit(ctx: Context): Promise<ServerCaller> {
    const caller = await deps.authenticate(ctx.get('Authorization'));
    const limit = await deps.checkRateLimit(caller.keyId);
    if (!limit.allowed) throw new BeaconDropped('key_rate_limited', caller.integrationId, { retryAfterSeconds: limit.retryAfterSeconds });
    if (caller.integration.status === 'disconnected') throw new BeaconDropped('integration_disconnected', caller.integrationId);
    if (ctx.is('application/json') === false) throw new BeaconDropped('unsupported_media_type', caller.integrationId);
    return caller;
  }

  /** Answers 202 with what `accept` returns; counts and explains every refusal; 503 when the queue cannot take it. */
  function handle(type: RequestType, accept: (ctx: Context) => Promise<z.infer<typeof serverOrderAnswer> | z.infer<typeof serverRefundAnswer>>) {
    return async (ctx: Context) => {
      try {
        const answer = await accept(ctx);
        deps.metrics.serverRequestsAccepted.inc({ type });
        ctx.status = 202;
        ctx.body = answer;
      } catch (err) {
        if (err instanceof BeaconDropped) {
          deps.metrics.serverRequestsRefused.inc({ type, reason: err.reason });
          if (err.integrationId) deps.refusals.record(err.reason, err.integrationId);
          if (typeof err.details?.retryAfterSeconds === 'number') ctx.set('Retry-After', String(err.details.retryAfterSeconds));
          deps.log.debug({ type, reason: err.reason, integrationId: err.integrationId }, 'server request refused');
          throw err;
        }
        deps.log.error({ err, type }, 'server request could not be queued');
        ctx.set('Retry-After', '5');
        throw new AppError('service_unavailable', `The ${type} could not be queued; send it again shortly.`);
      }
    };
  }

  router.post(
    SERVER_ORDERS_PATH,
    handle('order', async (ctx) => {
      const caller = await admit(ctx);
      const order = parseAs(serverOrderSchema, await readJsonBody(ctx), 'invalid_server_order', caller.integrationId);
      const { reportId } = await acceptServerOrder(deps.enqueueOrder, caller, order, new Date());
      deps.log.debug({ integrationId: caller.integrationId, keyId: caller.keyId, reportId }, 'server order queued');
      return { status: 'queued', reportId };
    }),
  );

  router.post(
    SERVER_REFUNDS_PATH,
    handle('refund', async (ctx) => {
      const caller = await admit(ctx);
      const refund = parseAs(serverRefundSchema, await readJsonBody(ctx), 'invalid_refund', caller.integrationId);
      await acceptServerRefund(deps, caller, refund, new Date());
      deps.log.debug({ integrationId: caller.integrationId, keyId: caller.keyId, refundId: refund.refundId }, 'server refund queued');
      return { status: 'queued', refundId: refund.refundId };
    }),
  );
}
