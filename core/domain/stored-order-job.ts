import { z } from 'zod';
import type { OrderJob } from '../queues';

/**
 * What a stored report's payload must hold to be handed to its order's workflow again: the ids
 * that name the workflow and the report, and an order with its id. Everything else the workflow
 * itself validates (and records as a skip). A payload without these (a hand-edited row, a bug in
 * an older release) cannot be re-driven, ever: reconciliation sets it aside instead of failing on it.
 */
const redrivableOrderJob = z
  .object({
    reportId: z.string().min(1),
    integrationId: z.string().min(1),
    receivedAt: z.string().min(1),
    order: z.object({ orderId: z.string().min(1) }).passthrough(),
  })
  .passthrough();

/** The stored payload as an order job, or null when it cannot be re-driven (or is another report's). */
export function redrivableOrderJobOf(reportId: string, payload: unknown): OrderJob | null {
  const parsed = redrivableOrderJob.safeParse(payload);
  if (!parsed.success || parsed.data.reportId !== reportId) return null;
  return payload as OrderJob;
}
