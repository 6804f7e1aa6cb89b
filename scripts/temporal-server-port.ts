import net from 'node:net';

/**
 * The ports temporal-server opens for a frontend port P (temporal/config/server.yaml): history
 * P+1, matching P+2, worker P+6, frontend HTTP P+10, membership P-300, P-299, P-298, P-294.
 */
export const TEMPORAL_SERVER_PORT_OFFSETS = [0, 1, 2, 6, 10, -300, -299, -298, -294];

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A frontend port whose whole block is free now, for a temporal-server of a test's or a bench's
 * own. Chosen below the kernel's ephemeral range (32768+), so that outgoing connections of the
 * machine do not take one of the block's ports meanwhile.
 */
export function freeTemporalServerPort(): Promise<number> {
  return freeBlock(TEMPORAL_SERVER_PORT_OFFSETS, 20_000, 32_000 - 10, 'temporal-server');
}

/**
 * The ports a headless dev server of the tests (`temporal server start-dev`,
 * scripts/temporal-dev-server.sh) is given for a gRPC port P: P, and its HTTP API on P+1000
 * (TEMPORAL_HTTP_PORT; left to itself the CLI picks a random free port, which can be taken before it binds).
 */
export const TEMPORAL_DEV_SERVER_PORT_OFFSETS = [0, 1000];

/**
 * A gRPC port for a dev server of a test's own whose HTTP port (P+1000) is free too, below the
 * kernel's ephemeral range for the same reason as above.
 */
export function freeTemporalDevServerPort(): Promise<number> {
  return freeBlock(TEMPORAL_DEV_SERVER_PORT_OFFSETS, 20_000, 32_000 - 1000, 'the Temporal dev server');
}

async function freeBlock(offsets: number[], from: number, to: number, what: string): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const free = await Promise.all(offsets.map((offset) => isFree(port + offset)));
    if (free.every(Boolean)) return port;
  }
  throw new Error(`no free block of ports for ${what} below 32000`);
}

// `node --import tsx scripts/temporal-server-port.ts [server|dev]` prints one (scripts/test.sh).
if (require.main === module) {
  void (process.argv[2] === 'dev' ? freeTemporalDevServerPort() : freeTemporalServerPort()).then((port) => console.log(port));
}
