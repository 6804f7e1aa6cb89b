import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildPixel } from '../pixel/build';

export type PixelAsset = { code: string; gzipped: Buffer; etag: string };

/** Written by `npm run build` (scripts/build-production.ts) beside the compiled ingest. */
export const PREBUILT_PIXEL_FILE = 'pixel-t.js';

/**
 * t.js, once at start-up. The compiled build (dist/) reads the pixel built with it, so ingest
 * starts without running esbuild and terser (about half a second); run from source (tsx), ingest
 * builds the current pixel itself.
 */
export async function loadPixelAsset(): Promise<PixelAsset> {
  const prebuilt = path.join(__dirname, PREBUILT_PIXEL_FILE);
  const code = existsSync(prebuilt) ? readFileSync(prebuilt, 'utf8') : (await buildPixel()).code;
  const etag = `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"`;
  return { code, gzipped: gzipSync(code, { level: 9 }), etag };
}
