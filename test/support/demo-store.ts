import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PIXEL_PATH } from '../../core/public-paths';
import { createDemoStoreApp } from '../../demo-store/app';
import { requestJson } from './http';
import type { Pipeline } from './pipeline';

export type RunningDemoStore = { origin: string; integrationId: string; close(): void };

export type DemoStoreSetup = {
  /** The store's server reports each confirmation page's order too, with a secret key made through the admin API. */
  serverReporting?: boolean;
};

/**
 * The demo store on its own origin (localhost, a free port), with a pending custom integration
 * registered for that origin through the admin API. The store's integration id is needed
 * before it serves pages, so its port is reserved first.
 */
export async function startDemoStore(p: Pipeline, token: string, setup: DemoStoreSetup = {}): Promise<RunningDemoStore> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const created = await requestJson(`${p.adminUrl}/api/v1/integrations`, { token, body: { type: 'custom', websiteUrl: origin } });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const integrationId: string = created.body.id;
  let serverReporting: { ingestUrl: string; secretKey: string } | undefined;
  if (setup.serverReporting) {
    const key = await requestJson(`${p.adminUrl}/api/v1/integrations/${integrationId}/keys`, { token, body: { name: 'Demo store server' } });
    expect(key.status, JSON.stringify(key.body)).to.equal(201);
    serverReporting = { ingestUrl: p.ingestUrl, secretKey: key.body.key };
  }
  server.on('request', createDemoStoreApp({ pixelUrl: `${p.ingestUrl}${PIXEL_PATH}`, integrationId, serverReporting }));
  return {
    origin,
    integrationId,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

export type ReservedDemoStore = { origin: string; install(snippetHtml: string): void; close(): void };

/**
 * A demo store origin (localhost, a free port) before any integration exists, for tests that
 * register it through the dashboard: install() then serves the store with the snippet exactly
 * as the user copied it.
 */
export async function reserveDemoStore(p: Pipeline): Promise<ReservedDemoStore> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    install: (snippetHtml) => {
      server.removeAllListeners('request');
      server.on('request', createDemoStoreApp({ pixelUrl: `${p.ingestUrl}${PIXEL_PATH}`, integrationId: 'from-snippet', snippetHtml }));
    },
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
