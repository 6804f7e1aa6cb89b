import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { beaconSchema } from '../../core/domain/beacon';
import { ingestOpenApiDocument, ingestOperations } from '../../core/openapi/ingest-openapi';
import { serverOrderSchema, serverRefundSchema } from '../../core/domain/server-reports';
import { EVENTS_PATH, INGEST_OPENAPI_PATH, PIXEL_PATH, SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH } from '../../core/public-paths';
import { createIngestMetrics } from '../../ingest/metrics';
import { mountOpenApiRoute } from '../../ingest/routes/openapi';
import { mountEventRoutes } from '../../ingest/routes/events';
import { mountPixelRoute } from '../../ingest/routes/pixel-script';
import { mountServerReportRoutes } from '../../ingest/routes/server-reports';
import { mountTrackingRedirect } from '../../ingest/routes/tracking-redirect';

/** Ingest's routes, mounted on a bare router with dependencies that are never called (the redirect binds its metrics' label children when mounted). */
function ingestRoutes(): string[] {
  const router = new Router();
  const unused = {} as never;
  mountOpenApiRoute(router);
  mountPixelRoute(router, unused);
  mountEventRoutes(router, unused);
  mountTrackingRedirect(router, { metrics: createIngestMetrics() } as never);
  mountServerReportRoutes(router, unused);
  const operations = new Set<string>();
  for (const layer of router.stack) {
    const path = String(layer.path).replace(/:(\w+)/g, '{$1}');
    // OPTIONS is the CORS preflight browsers may send, not an operation of the contract.
    for (const method of layer.methods) if (method !== 'HEAD' && method !== 'OPTIONS') operations.add(`${method} ${path}`);
  }
  return [...operations].sort();
}

describe("ingest's OpenAPI document", () => {
  it('is served by ingest itself, without a key', async () => {
    const app = new Koa();
    const router = new Router();
    mountOpenApiRoute(router);
    app.use(router.routes());
    const answer = await request(app.callback()).get(INGEST_OPENAPI_PATH);
    expect(answer.status).to.equal(200);
    expect(answer.body.info.title).to.equal('InfluTrace ingest');
    expect(Object.keys(answer.body.paths)).to.include.members([INGEST_OPENAPI_PATH, SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH]);
  });

  it("documents ingest's public routes: the pixel, its beacons and tracking links", () => {
    const documented = Object.entries(ingestOpenApiDocument().paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ingestRoutes()).to.include.members([`GET ${PIXEL_PATH}`, `POST ${EVENTS_PATH}`, 'GET /r/{code}']);
    expect(documented).to.include.members(ingestRoutes());
  });

  it("describes the beacon body by the pixel's own schema, as JSON and as text/plain", () => {
    const events = ingestOperations.find((op) => op.path === EVENTS_PATH);
    expect(events?.body).to.equal(beaconSchema);
    const content = ingestOpenApiDocument().paths[EVENTS_PATH]?.post?.requestBody?.content ?? {};
    expect(Object.keys(content)).to.deep.equal(['application/json', 'text/plain']);
    const order = (content['application/json']?.schema.oneOf as Record<string, any>[]).find((variant) => variant.properties.type.const === 'order');
    expect(order?.properties.order.properties.orderId).to.include({ type: 'string', minLength: 1, maxLength: 128 });
    expect(order?.required).to.include.members(['id', 'type', 'order']);
  });

  it('marks the pixel, beacons and tracking links public: no key is sent from a browser', () => {
    for (const path of [PIXEL_PATH, EVENTS_PATH, '/r/{code}']) {
      for (const operation of Object.values(ingestOpenApiDocument().paths[path] ?? {})) expect(operation.security, path).to.deep.equal([]);
    }
  });

  it("documents the store server's orders and refunds by the schemas ingest parses them with, behind the secret key", () => {
    expect(ingestRoutes()).to.include.members([`POST ${SERVER_ORDERS_PATH}`, `POST ${SERVER_REFUNDS_PATH}`]);
    expect(ingestOperations.find((op) => op.path === SERVER_ORDERS_PATH)?.body).to.equal(serverOrderSchema);
    expect(ingestOperations.find((op) => op.path === SERVER_REFUNDS_PATH)?.body).to.equal(serverRefundSchema);
    const orders = ingestOpenApiDocument().paths[SERVER_ORDERS_PATH]?.post;
    expect(Object.keys(orders?.requestBody?.content ?? {})).to.deep.equal(['application/json']);
    const body = orders?.requestBody?.content['application/json']?.schema as Record<string, any>;
    expect(body.required).to.include.members(['orderId', 'value', 'currency']);
    // Optional fields may also be sent as null (absent): each is documented as its type or null.
    const orNull = (property: Record<string, any>) => property.anyOf?.find((s: { type?: string }) => s.type !== 'null');
    expect(body.properties.attribution.anyOf).to.deep.include({ type: 'null' });
    expect(orNull(body.properties.attribution).properties).to.have.all.keys('itc', 'ref');
    expect(orNull(body.properties.occurredAt)).to.include({ type: 'string', format: 'date-time' });
    expect(body.properties.coupon.anyOf).to.deep.include({ type: 'null' });
    for (const path of [SERVER_ORDERS_PATH, SERVER_REFUNDS_PATH]) {
      const operation = ingestOpenApiDocument().paths[path]?.post;
      expect(operation?.security, path).to.equal(undefined);
      expect(operation?.responses, path).to.include.keys('202', '400', '401', '409', '413', '415', '429');
    }
    expect(ingestOpenApiDocument().security).to.deep.equal([{ integrationKey: [] }]);
  });
});
