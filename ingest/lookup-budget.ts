/**
 * A token bucket for PostgreSQL lookups of integration ids the edge has not seen recently: a
 * flood of made-up (well-formed) ids costs at most `perSecond` queries a second after a burst,
 * however fast it comes. Integrations already cached never spend from it.
 */
export function createLookupBudget(options: { perSecond: number; burst: number }, now: () => number = Date.now) {
  let tokens = options.burst;
  let refilledAt = now();
  return function takeLookup(): boolean {
    const at = now();
    tokens = Math.min(options.burst, tokens + ((at - refilledAt) / 1000) * options.perSecond);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
