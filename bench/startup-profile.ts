/** A V8 CPU profile as `node --cpu-prof` writes it (the fields used here). */
type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

export type ProfileShare = { what: string; ms: number };

/** The package a script belongs to: `node_modules/@scope/name/…` or `node_modules/name/…`; the last one in the path. */
function packageOf(url: string): string | undefined {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return match?.[1];
}

/**
 * Milliseconds of CPU samples up to `untilMs` after the profile started (the process's start,
 * within a few ms), by what the time was spent in: the outermost dependency on the stack (so
 * loading knex counts as knex, whatever it requires in turn, and our code building zod schemas
 * counts as zod), else our own code (dist/), else Node's own (module loading of our files,
 * bootstrap), garbage collection, or idle (waiting on the network or a timer). The biggest first.
 */
export function summariseStartupProfile(profile: CpuProfile, untilMs: number, top = 8): ProfileShare[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const bucketOf = new Map<number, string>();
  const bucket = (id: number): string => {
    const known = bucketOf.get(id);
    if (known) return known;
    const stack: { functionName: string; url: string }[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.unshift(byId.get(at)!.callFrame);
    const outermost = stack.map((f) => packageOf(f.url)).find((p) => p !== undefined);
    const leaf = stack[stack.length - 1]?.functionName ?? '';
    const what =
      outermost ??
      (leaf === '(garbage collector)' ? 'GC' : leaf === '(idle)' ? 'idle' : stack.some((f) => f.url.includes('/dist/')) ? 'own code' : 'node itself');
    bucketOf.set(id, what);
    return what;
  };
  const totals = new Map<string, number>();
  let elapsedUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs > untilMs * 1000) break;
    const what = bucket(profile.samples[i]!);
    totals.set(what, (totals.get(what) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return [...totals]
    .map(([what, ms]) => ({ what, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}
