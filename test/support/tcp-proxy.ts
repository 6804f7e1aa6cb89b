import net from 'node:net';

export type TcpProxy = {
  port: number;
  /** The network goes away: open connections are reset and new ones refused. */
  cut(): Promise<void>;
  /** The network is back, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
};

/**
 * A TCP proxy on a free local port in front of `target`, so that a test can make a shared server
 * (PostgreSQL) unreachable for its own processes without touching the server or anyone else.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    track(client);
    track(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const resetAll = () => {
    for (const socket of sockets) socket.resetAndDestroy();
  };
  return {
    port,
    async cut() {
      const closed = stopListening();
      resetAll();
      await closed;
    },
    restore: () => listen(port),
    async close() {
      const closed = stopListening();
      resetAll();
      await closed;
    },
  };
}
