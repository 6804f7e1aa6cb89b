import type { z } from 'zod';
import { isWellFormedText } from '../core/domain/text';
import { AppError } from '../core/errors';

type Visit = { value: unknown; key: string | null; parent: Visit | null };

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let v: Visit | null = visit; v && v.key !== null; v = v.parent) path.unshift(v.key);
  return path;
}

/**
 * The path of the first string (key or value) that is not well-formed Unicode: a lone surrogate
 * would be stored as U+FFFD. Iterative, so a body nested thousands deep cannot exhaust the stack.
 */
function firstMalformedText(body: unknown): string[] | null {
  const pending: Visit[] = [{ value: body, key: null, parent: null }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const { value } = visit;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return pathOf(visit);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const next = { value: child, key, parent: visit };
        if (!isWellFormedText(key)) return pathOf(next);
        pending.push(next);
      }
    }
  }
  return null;
}

/** Validates a request body; the error names the first offending field. Text must come back exactly as it was sent. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const malformed = firstMalformedText(body);
  if (malformed) {
    const field = malformed.join('.') || 'body';
    throw new AppError('validation_failed', `${field}: must be well-formed Unicode (no lone surrogates)`, { field });
  }
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new AppError('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
