import Router from '@koa/router';
import { expect } from 'chai';
import { beaconSchema } from '../../core/domain/beacon';
import { ingestOpenApiDocument, ingestOperations } from '../../core/openapi/ingest-openapi';
import { EVENTS_PATH, PIXEL_PATH } from '../../core/public-paths';
import { mountEventRoutes } from '../../ingest/routes/events';
import { mountPixelRoute } from '../../ingest/routes/pixel-script';
import { mountTrackingRedirect } from '../../ingest/routes/tracking-redirect';

/** Ingest's routes, mounted on a bare router with dependencies that are never called. */
function ingestRoutes(): string[] {
  const router = new Router();
  const unused = {} as never;
  mountPixelRoute(router, unused);
  mountEventRoutes(router, unused);
  mountTrackingRedirect(router, unused);
  const operations = new Set<string>();
  for (const layer of router.stack) {
    const path = String(layer.path).replace(/:(\w+)/g, '{$1}');
    // OPTIONS is the CORS preflight browsers may send, not an operation of the contract.
    for (const method of layer.methods) if (method !== 'HEAD' && method !== 'OPTIONS') operations.add(`${method} ${path}`);
  }
  return [...operations].sort();
}

describe("ingest's OpenAPI document", () => {
  it("documents ingest's public routes: the pixel, its beacons and tracking links", () => {
    const documented = Object.entries(ingestOpenApiDocument.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ingestRoutes()).to.include.members([`GET ${PIXEL_PATH}`, `POST ${EVENTS_PATH}`, 'GET /r/{code}']);
    expect(documented).to.include.members(ingestRoutes());
  });

  it("describes the beacon body by the pixel's own schema, as JSON and as text/plain", () => {
    const events = ingestOperations.find((op) => op.path === EVENTS_PATH);
    expect(events?.body).to.equal(beaconSchema);
    const content = ingestOpenApiDocument.paths[EVENTS_PATH]?.post?.requestBody?.content ?? {};
    expect(Object.keys(content)).to.deep.equal(['application/json', 'text/plain']);
    const order = (content['application/json']?.schema.oneOf as Record<string, any>[]).find((variant) => variant.properties.type.const === 'order');
    expect(order?.properties.order.properties.orderId).to.include({ type: 'string', minLength: 1, maxLength: 128 });
    expect(order?.required).to.include.members(['id', 'type', 'order']);
  });

  it('marks the pixel, beacons and tracking links public: no key is sent from a browser', () => {
    for (const path of [PIXEL_PATH, EVENTS_PATH, '/r/{code}']) {
      for (const operation of Object.values(ingestOpenApiDocument.paths[path] ?? {})) expect(operation.security, path).to.deep.equal([]);
    }
  });
});
