import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

export type RunningServer = { server: http.Server; url: string; close(): Promise<void> };

/** Listens; `close` stops accepting, lets in-flight requests finish (10 s at most), then resolves. */
export async function listen(app: Koa<any, any>, host: string, port: number): Promise<RunningServer> {
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      }),
  };
}
