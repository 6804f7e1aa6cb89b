import type Router from '@koa/router';
import { ingestOpenApiDocument } from '../../core/openapi/ingest-openapi';
import { INGEST_OPENAPI_PATH } from '../../core/public-paths';

/** Ingest's own OpenAPI document, public: what stores' browsers and servers may call here. */
export function mountOpenApiRoute(router: Router): void {
  router.get(INGEST_OPENAPI_PATH, (ctx) => {
    ctx.body = ingestOpenApiDocument();
  });
}
