import type { Logger } from './logger';

/** gRPC status codes (grpc/status.proto) Temporal answers with when it is busy or briefly away: worth trying the same call again. */
const grpcStatus = { DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, ABORTED: 10, UNAVAILABLE: 14 } as const;
const TRANSIENT_CODES: ReadonlySet<number> = new Set(Object.values(grpcStatus));

/** The gRPC code of a Temporal client error, found on the error or on its cause (the SDK wraps it in a ServiceError). */
function grpcCodeOf(err: unknown): number | undefined {
  for (let current: unknown = err, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isTransientTemporalError(err: unknown): boolean {
  const code = grpcCodeOf(err);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

export type RetryOptions = { what: string; log: Logger; attempts?: number; firstDelayMs?: number };

/**
 * Runs `call`, and again after 0.5, 1, 2, 4 s (by default) while Temporal answers with a transient
 * code: a busy server at start-up (several workers ensuring their Schedules at once) must not stop
 * a process. Any other error, or the last attempt's, is thrown as it came.
 */
export async function retryTransientTemporal<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 5;
  let delayMs = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= attempts || !isTransientTemporalError(err)) throw err;
      options.log.warn({ what: options.what, attempt, retryInMs: delayMs, grpcCode: grpcCodeOf(err) }, 'temporal call failed transiently; retrying');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      delayMs *= 2;
    }
  }
}
