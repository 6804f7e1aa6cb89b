import type Router from '@koa/router';
import type { Registry } from 'prom-client';
import { withTimeout } from '../with-timeout';

/** A dependency that does not answer within this is unavailable: /readyz itself never hangs. */
const CHECK_TIMEOUT_MS = 3_000;

/** GET /healthz (the process is up), GET /readyz (its dependencies answer), GET /metrics (Prometheus). */
export function mountHealthRoutes(
  router: Router,
  deps: {
    registry: Registry;
    checks: Record<string, () => Promise<unknown>>;
    /** More Prometheus text appended to the registry's, e.g. the Temporal SDK's own worker metrics. */
    appendMetrics?: () => Promise<string>;
  },
): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const results = await Promise.all(
      Object.entries(deps.checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS, `the ${name} check`);
          return [name, 'ok'] as const;
        } catch {
          return [name, 'unavailable'] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = deps.registry.contentType;
    const [own, appended] = await Promise.all([deps.registry.metrics(), deps.appendMetrics?.() ?? '']);
    ctx.body = appended ? `${own.trimEnd()}\n${appended}` : own;
  });
}
