import { z } from 'zod';

/** The one error body every HTTP process answers with (rendered by core/errors.ts toErrorBody). */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
