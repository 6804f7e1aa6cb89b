import fc from 'fast-check';

/**
 * Fuzz runs are reproducible by default: a fixed seed, overridable with FUZZ_SEED; FUZZ_RUNS
 * multiplies every property's run count to fuzz for longer (`FUZZ_RUNS=10`).
 */
const DEFAULT_SEED = 20_261_109;

export const fuzzSeed = (): number => {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && process.env.FUZZ_SEED !== '' ? fromEnv : DEFAULT_SEED;
};

export const fuzzRuns = (base: number): number => {
  const factor = Number(process.env.FUZZ_RUNS);
  return Math.max(1, Math.round(base * (Number.isFinite(factor) && factor > 0 ? factor : 1)));
};

/** Runs an async property `runs` times (scaled by FUZZ_RUNS); a failure names the seed that reproduces it. */
export async function fuzz<T>(arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<void>): Promise<number> {
  const seed = fuzzSeed();
  const numRuns = fuzzRuns(runs);
  let ran = 0;
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        ran++;
        await check(value);
      }),
      { numRuns, seed },
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`fuzz failed; reproduce with FUZZ_SEED=${seed} FUZZ_RUNS=${process.env.FUZZ_RUNS ?? 1}\n${message}`, { cause: err });
  }
  return ran;
}
