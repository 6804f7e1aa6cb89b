import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface PixelBuild {
  code: string;
  rawBytes: number;
  gzipBytes: number;
}

export const PIXEL_SIZE_BUDGET_GZIP = 1200;

export async function buildPixel(): Promise<PixelBuild> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'src', 'index.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    tsconfigRaw: {},
    write: false,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('esbuild produced no output for the pixel');
  const code = file.text;
  return { code, rawBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length };
}

async function main(): Promise<void> {
  const pixel = await buildPixel();
  const outFile = path.join(__dirname, 'dist', 't.js');
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, pixel.code);
  console.log(`${path.relative(process.cwd(), outFile)}: ${pixel.rawBytes} bytes raw, ${pixel.gzipBytes} bytes gzipped`);
  if (pixel.gzipBytes > PIXEL_SIZE_BUDGET_GZIP) {
    console.error(`pixel exceeds the ${PIXEL_SIZE_BUDGET_GZIP}-byte gzip budget`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
