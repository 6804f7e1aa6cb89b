import http from 'node:http';
import { PIXEL_PATH } from '../core/public-paths';
import { createDemoStoreApp } from './app';

const DEFAULT_PIXEL_URL = 'http://127.0.0.1:8080/api/v1/integrations/custom/t.js';

function fail(message: string): never {
  console.error(`demo-store: ${message}`);
  process.exit(1);
}

function main(): void {
  const integrationId = process.env.DEMO_INTEGRATION_ID?.trim();
  if (!integrationId) {
    fail(
      "DEMO_INTEGRATION_ID is required: create a Custom integration whose website URL is this store's origin " +
        '(default http://127.0.0.1:8090) and pass its id, e.g. DEMO_INTEGRATION_ID=... npm run demo-store',
    );
  }
  const host = process.env.DEMO_STORE_HOST || '127.0.0.1';
  const port = Number(process.env.DEMO_STORE_PORT || 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`DEMO_STORE_PORT must be a port number, got "${process.env.DEMO_STORE_PORT}"`);
  const pixelUrl = process.env.DEMO_PIXEL_URL || DEFAULT_PIXEL_URL;
  if (!/^https?:$/.test(URL.canParse(pixelUrl) ? new URL(pixelUrl).protocol : '')) {
    fail(`DEMO_PIXEL_URL must be an http(s) URL, got "${pixelUrl}"`);
  }

  // The store's server reports each order too, with the integration's secret key (npm start makes one).
  const secretKey = process.env.DEMO_SERVER_KEY?.trim();
  const serverReporting = secretKey
    ? { ingestUrl: pixelUrl.endsWith(PIXEL_PATH) ? pixelUrl.slice(0, -PIXEL_PATH.length) : new URL(pixelUrl).origin, secretKey }
    : undefined;
  const server = http.createServer(createDemoStoreApp({ pixelUrl, integrationId, serverReporting }));
  server.on('error', (error) => fail(error.message));
  server.listen(port, host, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
    console.log(`demo-store: ${origin} (integration ${integrationId}, pixel ${pixelUrl})`);
    console.log(`demo-store: register ${origin} as the integration's website URL; orders from any other origin are refused`);
    console.log(
      serverReporting
        ? 'demo-store: orders are also reported from this server (DEMO_SERVER_KEY)'
        : 'demo-store: DEMO_SERVER_KEY unset: orders are reported by the pixel only',
    );
  });

  const shutdown = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main();
