import { z } from 'zod';

/** The one error body every HTTP process answers with (rendered by core/errors.ts toErrorBody). */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

/** A documented error answer: `{"error":{...}}` with what it means here. */
export const errorResponse = (description: string) => ({ description, schema: errorBody });
