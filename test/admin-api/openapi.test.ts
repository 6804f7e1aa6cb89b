import { expect } from 'chai';
import { Registry } from 'prom-client';
import request from 'supertest';
import { createAdminApp, createAdminRouters, type AdminApiDeps } from '../../admin-api/app';
import { adminOperationSpecs, OPENAPI_PATH, openApiDocument } from '../../admin-api/openapi';
import type { Db } from '../../core/db';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import type { RefusalLog } from '../../core/refusal-log';
import { sampleBody } from '../support/openapi-walk';

/** Routers are only built, never called: nothing here touches a database, Redis or Temporal. */
const deps: AdminApiDeps = {
  db: {} as Db,
  temporal: () => Promise.reject(new Error('no Temporal in this test')),
  taskQueue: 'unused',
  publicIngestUrl: 'http://ingest.test',
  verificationPolling: { pollIntervalSeconds: 1, pollForMinutes: 1 },
  log: createLogger({ level: 'silent', name: 'openapi-test' }),
  onIntegrationChanged: () => undefined,
  refusals: {} as RefusalLog,
  webhooks: loadConfig({}).webhooks,
};

function routedOperations(): string[] {
  const { publicRouter, api } = createAdminRouters(deps, new Registry());
  const operations = new Set<string>();
  for (const layer of [...publicRouter.stack, ...api.stack]) {
    const routePath = String(layer.path);
    if (!routePath.startsWith('/api/v1/')) continue;
    const path = routePath.replace(/:(\w+)/g, '{$1}');
    for (const method of layer.methods) if (method !== 'HEAD') operations.add(`${method} ${path}`);
  }
  return [...operations].sort();
}

function documentedOperations(): string[] {
  return Object.entries(openApiDocument().paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('admin API OpenAPI document', () => {
  it('documents every route of the admin API routers, and no route that does not exist', () => {
    const routed = routedOperations();
    expect(routed).to.include('DELETE /api/v1/tokens/{id}');
    expect(documentedOperations()).to.deep.equal(routed);
  });

  it('names every path parameter of a documented path in its parameters', () => {
    for (const [path, item] of Object.entries(openApiDocument().paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared, path).to.deep.equal(inPath);
      }
    }
  });

  it('describes every request body by the zod schema its route parses with: a body made from the document is one the schema accepts', () => {
    const withBody = adminOperationSpecs.filter((spec) => spec.body);
    expect(withBody.length).to.be.at.least(10);
    for (const spec of withBody) {
      const documented = openApiDocument().paths[spec.path]?.[spec.method]?.requestBody?.content['application/json']?.schema ?? null;
      const sample = sampleBody(documented, { creatorId: 'cre_sample', integrationIds: ['int_sample'] });
      const parsed = spec.body!.safeParse(sample);
      expect(parsed.success, `${spec.method.toUpperCase()} ${spec.path} ${JSON.stringify(sample)}: ${parsed.error?.message}`).to.equal(true);
    }
  });

  it('documents the constraints the schemas enforce: lengths, enums and required fields come from zod', () => {
    const createLink = openApiDocument().paths['/api/v1/links']?.post?.requestBody?.content['application/json']?.schema as Record<string, any>;
    expect(createLink.required).to.include.members(['creatorId', 'destinationUrl']);
    expect(createLink.properties.destinationUrl).to.include({ type: 'string', maxLength: 2048 });
    const patchIntegration = openApiDocument().paths['/api/v1/integrations/{id}']?.patch?.requestBody?.content['application/json']?.schema as Record<
      string,
      any
    >;
    expect(patchIntegration.properties.confirmationWindowHours).to.include({ type: 'integer', minimum: 1, maximum: 720 });
    const orderStatus = openApiDocument().paths['/api/v1/orders']?.get?.parameters?.find((p) => p.name === 'status');
    expect(orderStatus?.schema.enum).to.deep.equal(['credited', 'skipped', 'pending']);
    const order = openApiDocument().components.schemas.Order as Record<string, any>;
    expect(order.required).to.include.members(['refundedValue', 'netValue', 'confirmed']);
  });

  it('points every $ref at a schema the document defines', () => {
    const refs = [...JSON.stringify(openApiDocument()).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] as string);
    expect(refs.length).to.be.greaterThan(0);
    for (const name of refs) expect(openApiDocument().components.schemas, name).to.have.property(name);
  });

  it('is served as OpenAPI 3.1 JSON at GET /api/v1/openapi.json without a token', async () => {
    const response = await request(createAdminApp(deps).callback()).get(OPENAPI_PATH);
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/^application\/json/);
    expect(response.body.openapi).to.equal('3.1.0');
    expect(Object.keys(response.body.paths)).to.deep.equal(Object.keys(openApiDocument().paths));
  });
});
