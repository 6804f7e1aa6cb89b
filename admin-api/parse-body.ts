import type { z } from 'zod';
import { isWellFormedText } from '../core/domain/text';
import { AppError } from '../core/errors';

/** The path of the first string (key or value) that is not well-formed Unicode: a lone surrogate would be stored as U+FFFD. */
function firstMalformedText(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return isWellFormedText(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (!isWellFormedText(key)) return [...path, key];
    const found = firstMalformedText(child, [...path, key]);
    if (found) return found;
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
