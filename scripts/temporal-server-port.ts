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
export async function freeTemporalServerPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(TEMPORAL_SERVER_PORT_OFFSETS.map((offset) => isFree(port + offset)));
    if (free.every(Boolean)) return port;
  }
  throw new Error('no free block of ports for temporal-server between 19700 and 32010');
}

// `node --import tsx scripts/temporal-server-port.ts` prints one (scripts/test.sh).
if (require.main === module) {
  void freeTemporalServerPort().then((port) => console.log(port));
}
