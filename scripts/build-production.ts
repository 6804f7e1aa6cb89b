import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { build } from 'esbuild';
import { PREBUILT_PIXEL_FILE } from '../ingest/pixel-asset';
import { buildPixel } from '../pixel/build';
import { WORKFLOW_BUNDLE_FILE, workflowBundleSource } from '../workflows/create-worker';

/**
 * `npm run build` after the type-check, the pixel and the dashboard: the processes as
 * JavaScript in dist/, the files they read at run time beside them, and the Temporal workflow
 * bundle made once here, so that the compiled worker starts without bundling.
 *
 * esbuild transpiles file by file (tsconfig's isolatedModules guarantees that is safe); the
 * types were checked by tsc before, so this takes about a second where tsc's emit takes a minute.
 */
const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
/** What runs in production: the services, their shared code, migrations, and the CLI. */
const SOURCES = [
  'core',
  'ingest',
  'workflows',
  'admin-api',
  'migrations',
  'demo-store',
  'pixel/build.ts',
  'scripts/migrate.ts',
  'scripts/cli.ts',
  'scripts/seed-demo.ts',
];
const NOT_BUILT = new Set(['dashboard', 'node_modules', 'dist']);

function typeScriptFiles(entry: string): string[] {
  const full = path.join(root, entry);
  if (entry.endsWith('.ts')) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((item) => {
    if (item.isDirectory()) return NOT_BUILT.has(item.name) ? [] : typeScriptFiles(path.join(entry, item.name));
    return item.name.endsWith('.ts') && !item.name.endsWith('.d.ts') ? [path.join(full, item.name)] : [];
  });
}

async function step(what: string, run: () => unknown): Promise<void> {
  const started = Date.now();
  await run();
  console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function compile(): Promise<void> {
  await build({
    entryPoints: SOURCES.flatMap(typeScriptFiles),
    outdir: dist,
    outbase: root,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
}

/** The processes' entry points, each bundled into one file (replacing its file-by-file output). */
const SERVICE_ENTRIES = ['ingest/server.ts', 'admin-api/server.ts', 'workflows/worker.ts', 'workflows/consumer.ts', 'workflows/worker-with-consumer.ts'];

/**
 * Left to node_modules even when dependencies are bundled: the Temporal SDK (its native bridge,
 * worker threads that load files of the package by path, and one copy of its classes for client
 * and worker), bull-board (serves its UI's files from its package), pino (transports run files
 * in worker threads), argon2 (a native addon chosen per platform at run time), the build tools
 * ingest can fall back to, and drivers knex names but we do not use.
 */
const NOT_BUNDLED = [
  '@temporalio/*',
  '@node-rs/*',
  '@bull-board/*',
  'pino',
  'esbuild',
  'terser',
  'pg-native',
  'pg-query-stream',
  'mariadb/callback',
  'sqlite3',
  'better-sqlite3',
  'mysql',
  'mysql2',
  'oracledb',
  'tedious',
];

/**
 * Ours, yet not bundled: the pixel's build (ingest's fallback when dist/ has no prebuilt pixel) stays
 * dist/pixel/build.js, which finds pixel/src beside it; its `require.main === module` would be true in a bundle.
 */
const OWN_NOT_BUNDLED = ['../pixel/build'];

/**
 * BUILD_BUNDLE: `dependencies` (the default) bundles each entry with its dependencies but
 * NOT_BUNDLED; `own` bundles our code only (every package external); `none` keeps file-by-file
 * output. Fewer files to find and read is most of what a start spends (BENCHMARKS.md, "Startup").
 */
async function bundleEntries(mode: string): Promise<void> {
  if (mode === 'none') return;
  if (mode !== 'dependencies' && mode !== 'own') throw new Error(`BUILD_BUNDLE must be dependencies, own or none, not ${mode}`);
  await build({
    entryPoints: SERVICE_ENTRIES.map((entry) => path.join(root, entry)),
    outdir: dist,
    outbase: root,
    bundle: true,
    ...(mode === 'own' ? { packages: 'external' as const, external: OWN_NOT_BUNDLED } : { external: [...NOT_BUNDLED, ...OWN_NOT_BUNDLED] }),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // create-worker.ts resolves workflows/definitions only when run from source, without the prebuilt bundle.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

/** What the compiled processes read from disk: the pixel's sources (for a rebuild from dist) and the built dashboard. */
function copyRuntimeFiles(): void {
  cpSync(path.join(root, 'pixel', 'src'), path.join(dist, 'pixel', 'src'), { recursive: true });
  const dashboard = path.join(root, 'admin-api', 'dashboard', 'dist');
  if (!existsSync(dashboard)) throw new Error('admin-api/dashboard/dist is missing: run npm run build:dashboard first');
  cpSync(dashboard, path.join(dist, 'admin-api', 'dashboard', 'dist'), { recursive: true });
}

/** The pixel as ingest serves it, built once here instead of at every start of the compiled ingest. */
async function buildPixelForIngest(): Promise<void> {
  const { code } = await buildPixel();
  writeFileSync(path.join(dist, 'ingest', PREBUILT_PIXEL_FILE), code);
}

async function bundleWorkflows(): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleSource(), logger: new DefaultLogger('WARN') });
  const file = path.join(dist, 'workflows', WORKFLOW_BUNDLE_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
}

async function main(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  await step('compiled to dist/', compile);
  const bundle = process.env.BUILD_BUNDLE ?? 'dependencies';
  await step(`entries bundled (${bundle})`, () => bundleEntries(bundle));
  await step('runtime files copied', copyRuntimeFiles);
  await step('pixel for ingest', buildPixelForIngest);
  await step('workflow bundle', bundleWorkflows);
  console.log(
    `built ${path.relative(process.cwd(), dist)}/: node dist/ingest/server.js, dist/admin-api/server.js, dist/workflows/worker.js, dist/workflows/consumer.js, dist/scripts/migrate.js`,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
