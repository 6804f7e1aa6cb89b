import path from 'node:path';

/**
 * BENCH_PROFILE=ingest,worker,consumer writes a V8 CPU profile of those processes into
 * bench-profiles/<name>/ when they stop (open it in Chrome DevTools or speedscope).
 * Returns the environment to give that process, or nothing when it is not asked for.
 */
export function profiling(name: string): Record<string, string> {
  const wanted = (process.env.BENCH_PROFILE ?? '').split(',');
  if (!wanted.includes(name)) return {};
  return {
    NODE_OPTIONS: `--require tsx/cjs --require ${path.join(__dirname, 'cpu-profile-preload.ts')}`,
    CPU_PROFILE_DIR: path.resolve(__dirname, '..', 'bench-profiles', name),
  };
}
