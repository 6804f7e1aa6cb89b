import { z } from 'zod';
import { workspaceCommissionFields } from './commissions';

/** Workspace settings: the name, and how long after a click an order still credits its creator. */

export const MIN_ATTRIBUTION_WINDOW_DAYS = 1;
export const MAX_ATTRIBUTION_WINDOW_DAYS = 365;

const attributionWindowDays = z.number().int().min(MIN_ATTRIBUTION_WINDOW_DAYS).max(MAX_ATTRIBUTION_WINDOW_DAYS);

/** Unknown fields are refused, so that a misspelt field does not quietly change nothing. */
export const patchWorkspaceBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    attributionWindowDays: attributionWindowDays.optional().describe('days after a click within which an order is credited to its link'),
    commission: workspaceCommissionFields.commission.optional(),
    commissionHoldDays: workspaceCommissionFields.commissionHoldDays.optional(),
    minimumPayout: workspaceCommissionFields.minimumPayout.optional(),
  })
  .strict();

export const workspaceAnswer = z.object({ id: z.string(), name: z.string(), attributionWindowDays, ...workspaceCommissionFields });
