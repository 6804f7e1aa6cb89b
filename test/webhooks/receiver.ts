import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { headers: Record<string, string>; body: string; receivedAt: number };
/** What the receiver answers to its n-th request (0-based): a status, after an optional pause. */
export type Answer = { status: number; delayMs?: number };

/** A webhook receiver of the test's own on 127.0.0.1: records every request and answers as told. */
export type Receiver = {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The bodies received, parsed. */
  events(): { id: string; type: string; createdAt: string; data: any }[];
  close(): Promise<void>;
};

export async function startReceiver(answer: (n: number) => Answer = () => ({ status: 204 })): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const n = received.length;
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() });
      const { status, delayMs = 0 } = answer(n);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(status).end();
      }, delayMs);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    events: () => received.map((r) => JSON.parse(r.body)),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
