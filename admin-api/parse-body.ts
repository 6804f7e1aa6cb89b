import type { z } from 'zod';
import { AppError } from '../core/errors';

/** Validates a request body; the error names the first offending field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  throw new AppError('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}
