import { runEndToEndBenchmark } from './end-to-end';
import { runIngestBenchmark } from './ingest-vs-baseline';
import { runJunkIdsBenchmark } from './junk-ids';
import { runPayoutsBenchmark } from './payouts';
import { runRedisFsyncBenchmark } from './redis-fsync';
import { runRedirectBenchmark } from './redirects-vs-baseline';
import { runReadsBenchmark } from './reads';
import { runStartupBenchmark } from './startup';

/**
 * npm run bench: every benchmark, each writing its own section of BENCHMARKS.md.
 *   BENCH_ONLY=ingest | e2e | startup | junk-ids | redis-fsync | redirects | reads | payouts   runs one of them
 * Each module's header names the variables that size it (BENCH_ROUNDS, BENCH_E2E_STAGES, ...).
 */
const benchmarks: Record<string, () => Promise<void>> = {
  ingest: runIngestBenchmark,
  e2e: runEndToEndBenchmark,
  startup: runStartupBenchmark,
  'junk-ids': runJunkIdsBenchmark,
  'redis-fsync': runRedisFsyncBenchmark,
  redirects: runRedirectBenchmark,
  reads: runReadsBenchmark,
  payouts: runPayoutsBenchmark,
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only && !benchmarks[only]) throw new Error(`BENCH_ONLY must be one of ${Object.keys(benchmarks).join(', ')}`);
  for (const [name, run] of Object.entries(benchmarks)) if (!only || only === name) await run();
  console.log('BENCHMARKS.md updated.');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
