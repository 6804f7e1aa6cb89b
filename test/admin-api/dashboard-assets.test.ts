import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createAdminApp, type AdminApiDeps } from '../../admin-api/app';
import { DASHBOARD_CSP } from '../../admin-api/dashboard-assets';
import type { Db } from '../../core/db';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import type { RefusalLog } from '../../core/refusal-log';
import { expectErrorShape } from './api-client';

/** Only the dashboard's files and the routing around them: no request here reaches a database, Redis or Temporal. */
function appServing(dashboardDistDir: string) {
  const deps: AdminApiDeps = {
    db: {} as Db,
    temporal: () => Promise.reject(new Error('no Temporal in this test')),
    taskQueue: 'unused',
    publicIngestUrl: 'http://ingest.test',
    verificationPolling: { pollIntervalSeconds: 1, pollForMinutes: 1 },
    log: createLogger({ level: 'silent', name: 'dashboard-assets-test' }),
    onIntegrationChanged: () => undefined,
    refusals: {} as RefusalLog,
    webhooks: loadConfig({}).webhooks,
    dashboardDistDir,
  };
  return request(createAdminApp(deps).callback());
}

describe('admin API serving the dashboard', () => {
  let dist: string;
  const INDEX = '<!doctype html><title>dashboard</title><script type="module" src="/assets/index-AbC123.js"></script>';

  before(() => {
    dist = mkdtempSync(path.join(tmpdir(), 'dashboard-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
  });
  after(() => rmSync(dist, { recursive: true, force: true }));

  it('answers index.html at / and at every page route, uncached, under a strict Content-Security-Policy', async () => {
    for (const page of ['/', '/integrations', '/orders', '/reports/cre_123']) {
      const response = await appServing(dist).get(page);
      expect(response.status, page).to.equal(200);
      expect(response.headers['content-type']).to.match(/^text\/html/);
      expect(response.text).to.equal(INDEX);
      expect(response.headers['content-security-policy']).to.equal(DASHBOARD_CSP);
      expect(response.headers['cache-control']).to.equal('no-cache');
      expect(response.headers['x-frame-options']).to.equal('DENY');
    }
    expect(DASHBOARD_CSP).to.include("default-src 'self'").and.include("script-src 'self'").and.not.include('unsafe');
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const response = await appServing(dist).get('/assets/index-AbC123.js');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.match(/javascript/);
    expect(response.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
  });

  it('keeps JSON 404s for unknown API paths, missing files and other methods', async () => {
    for (const [method, url] of [
      ['get', '/api/v1/nope'],
      ['get', '/api'],
      ['get', '/assets/missing-123.js'],
      ['get', '/favicon.ico'],
      ['post', '/integrations'],
    ] as const) {
      const response = await appServing(dist)[method](url);
      expect(response.status, `${method} ${url}`).to.equal(404);
      expect(response.body.error.code).to.equal('not_found');
    }
  });

  it('keeps the health route and refuses paths that escape the folder as not found, not as a failure', async () => {
    expect((await appServing(dist).get('/healthz')).body).to.deep.equal({ status: 'ok' });
    for (const url of ['/assets/..%2f..%2f..%2fetc%2fpasswd', '/..%2fpackage.json', '/%E0%A4%A']) {
      const response = await appServing(dist).get(url);
      expect(response.status, url).to.equal(404);
      expect(response.body.error.code).to.equal('not_found');
    }
    const dotted = await appServing(dist).get('/assets/%2e%2e/index.html');
    expect(dotted.headers['content-security-policy'], 'index.html by its file name').to.equal(DASHBOARD_CSP);
  });

  it('answers 503 telling how to build it when the dashboard is not built', async () => {
    const response = await appServing(path.join(dist, 'not-built')).get('/integrations');
    expect(response.status).to.equal(503);
    expectErrorShape({ status: response.status, body: response.body, headers: new Headers(response.headers as Record<string, string>) });
    expect(response.body.error.code).to.equal('service_unavailable');
    expect(response.body.error.message).to.include('npm run build:dashboard');
  });
});
