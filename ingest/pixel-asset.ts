import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildPixel } from '../pixel/build';

export type PixelAsset = { code: string; gzipped: Buffer; etag: string };

/** Builds t.js once at start-up (esbuild takes milliseconds) so ingest always serves the current pixel. */
export async function loadPixelAsset(): Promise<PixelAsset> {
  const { code } = await buildPixel();
  const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`;
  return { code, gzipped: gzipSync(code, { level: 9 }), etag };
}
