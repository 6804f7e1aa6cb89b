import Router from '@koa/router';
import Koa from 'koa';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Config } from '../core/config';
import type { Db } from '../core/db';
import { closeAfterUnreadBody } from '../core/http/close-after-unread-body';
import { readJsonBody } from './read-json-body';
import { unansweredAsError } from '../core/http/unanswered-as-error';
import { errorHandler } from '../core/http/error-handler';
import { securityHeaders } from '../core/http/security-headers';
import { mountHealthRoutes } from '../core/http/health';
import type { Logger } from '../core/logger';
import type { RefusalLog } from '../core/refusal-log';
import type { TemporalClientProvider } from '../core/temporal-client';
import { authenticate, type AdminState } from './auth';
import { dashboardAssets } from './dashboard-assets';
import { operatorRoutes, operatorRoutesOff, type OperatorOptions } from './operator/operator-routes';
import { mountCommissionAndPayoutRoutes } from './routes/commissions-and-payouts';
import { mountCouponRoutes } from './routes/coupons';
import { mountCreatorRevenueRoutes } from './routes/creator-revenue';
import { mountCreatorRoutes } from './routes/creators';
import { mountIntegrationRoutes } from './routes/integrations';
import { mountIntegrationKeyRoutes } from './routes/integration-keys';
import { mountLinkRoutes } from './routes/links';
import { mountMeRoutes } from './routes/me';
import { mountMemberRoutes } from './routes/members';
import { mountOrderDetailRoutes, type TemporalUi } from './routes/order-detail-and-refunds';
import { mountOrderAndReportRoutes } from './routes/orders-and-reports';
import { mountTokenRoutes } from './routes/tokens';
import { mountFlagRoutes } from './routes/flags';
import { mountOverviewRoutes } from './routes/overview';
import { mountWorkspaceRoutes } from './routes/workspace';
import { mountWebhookRoutes } from './routes/webhooks';
import { createWebhookDispatcher } from '../core/webhooks/dispatch-webhook-events';
import type { Resolve } from '../core/webhooks/url-policy';
import { OPENAPI_PATH, openApiDocument } from './openapi';
import { createVerifyIntegration, type VerificationPolling } from './verify-integration';
import { originOf, type PeopleDeps } from './people-deps';
import { mountSignInRoutes } from './routes/sign-in';
import { mountSingleSignOnRoutes } from './routes/single-sign-on';
import { mountInvitationRoutes } from './routes/invitations';
import { mountMeSessionAndTwoFactorRoutes } from './routes/me-sessions-and-two-factor';

export type AdminApiDeps = {
  db: Db;
  temporal: TemporalClientProvider;
  taskQueue: string;
  publicIngestUrl: string;
  verificationPolling: VerificationPolling;
  log: Logger;
  onIntegrationChanged: (integrationId: string) => void;
  /** Beacons ingest refused, per integration and reason (written by ingest, in Redis). */
  refusals: RefusalLog;
  /** The built dashboard (default admin-api/dashboard/dist). */
  dashboardDistDir?: string;
  /** The queue dashboard at /operator/queues and its token; absent (no OPERATOR_TOKEN): off. */
  operator?: OperatorOptions;
  /** Webhook settings; `resolve` replaces the system resolver in tests of the URL checks. */
  webhooks: Config['webhooks'] & { resolve?: Resolve };
  /** TEMPORAL_UI_URL and the namespace: an order's detail links to its workflow there; absent: no link. */
  temporalUi?: TemporalUi;
  /** People sign in: session lifetimes, the dashboard's URL, mail; absent: the defaults, no mail, http://127.0.0.1:8081. */
  people?: PeopleDeps;
};

function peopleDeps(deps: AdminApiDeps): PeopleDeps {
  return (
    deps.people ?? {
      sessions: { idleSeconds: 12 * 3600, maxSeconds: 30 * 24 * 3600 },
      publicAdminUrl: () => 'http://127.0.0.1:8081',
      mailer: null,
      secretKey: deps.webhooks.secretKey,
    }
  );
}

/** The admin API's routers: public (health, metrics, the OpenAPI document) and authenticated `/api/v1`. */
export function createAdminRouters(deps: AdminApiDeps, registry: Registry) {
  const publicRouter = new Router();
  mountHealthRoutes(publicRouter, { registry, checks: { postgres: () => deps.db.raw('select 1') } });
  publicRouter.get(OPENAPI_PATH, (ctx) => {
    ctx.body = openApiDocument();
  });

  const people = peopleDeps(deps);
  mountSignInRoutes(publicRouter, { db: deps.db, people });
  mountSingleSignOnRoutes(publicRouter, { db: deps.db, people });

  const api = new Router<AdminState>();
  api.use(authenticate({ db: deps.db, sessions: people.sessions, adminOrigin: () => originOf(people.publicAdminUrl()) }));
  const dispatchWebhookEvents = createWebhookDispatcher({
    db: deps.db,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    delivery: deps.webhooks.delivery,
    log: deps.log,
  });
  mountIntegrationRoutes(api, {
    db: deps.db,
    publicIngestUrl: deps.publicIngestUrl,
    verifyIntegration: createVerifyIntegration({
      db: deps.db,
      temporal: deps.temporal,
      taskQueue: deps.taskQueue,
      polling: deps.verificationPolling,
      log: deps.log,
      dispatchWebhookEvents,
    }),
    onIntegrationChanged: deps.onIntegrationChanged,
    refusals: deps.refusals,
    log: deps.log,
    dispatchWebhookEvents,
  });
  mountCreatorRoutes(api, { db: deps.db });
  mountLinkRoutes(api, { db: deps.db, publicIngestUrl: deps.publicIngestUrl });
  mountCouponRoutes(api, { db: deps.db });
  mountOrderAndReportRoutes(api, { db: deps.db });
  mountOrderDetailRoutes(api, { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, log: deps.log, temporalUi: deps.temporalUi });
  mountCreatorRevenueRoutes(api, { db: deps.db });
  mountMeRoutes(api, { db: deps.db });
  mountMemberRoutes(api, { db: deps.db });
  mountInvitationRoutes(api, { db: deps.db, people });
  mountMeSessionAndTwoFactorRoutes(api, { db: deps.db, people });
  mountTokenRoutes(api, { db: deps.db });
  mountWorkspaceRoutes(api, { db: deps.db, secretKey: people.secretKey });
  mountFlagRoutes(api, { db: deps.db });
  mountOverviewRoutes(api, { db: deps.db });
  mountIntegrationKeyRoutes(api, { db: deps.db, onIntegrationChanged: deps.onIntegrationChanged });
  mountWebhookRoutes(api, { db: deps.db, log: deps.log, webhooks: deps.webhooks, dispatchWebhookEvents });
  mountCommissionAndPayoutRoutes(api, { db: deps.db, log: deps.log, dispatchWebhookEvents });
  return { publicRouter, api };
}

/** The admin API: a store team's integrations, creators, links, coupons, orders and reports. */
export function createAdminApp(deps: AdminApiDeps): Koa<AdminState> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const { publicRouter, api } = createAdminRouters(deps, registry);

  const app = new Koa<AdminState>({ proxy: true });
  app.use(closeAfterUnreadBody());
  app.use(securityHeaders());
  app.use(errorHandler(deps.log));
  app.use(readJsonBody());
  app.use(unansweredAsError());
  app.use(deps.operator ? operatorRoutes(deps.operator) : operatorRoutesOff());
  app.use(publicRouter.routes());
  app.use(api.routes());
  app.use(api.allowedMethods());
  // Last: only what no API route answered reaches the dashboard's files and page routes.
  app.use(dashboardAssets({ distDir: deps.dashboardDistDir }));
  return app;
}
