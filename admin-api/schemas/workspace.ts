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
    requireTwoFactor: z.boolean().optional().describe('people must turn on two-factor sign-in before they may do anything else'),
    commission: workspaceCommissionFields.commission.optional(),
    commissionHoldDays: workspaceCommissionFields.commissionHoldDays.optional(),
    minimumPayout: workspaceCommissionFields.minimumPayout.optional(),
    sso: z
      .object({
        issuer: z
          .string()
          .url()
          .max(500)
          .regex(/^https?:/i, 'an http(s) URL')
          .meta({ examples: ['https://id.example.com'] }),
        clientId: z.string().trim().min(1).max(500),
        clientSecret: z.string().min(1).max(2000).describe('stored encrypted, never shown again'),
      })
      .strict()
      .optional()
      .describe('OpenID Connect single sign-on (authorization code with PKCE)'),
  })
  .strict();

export const workspaceAnswer = z.object({
  id: z.string(),
  name: z.string(),
  attributionWindowDays,
  ...workspaceCommissionFields,
  requireTwoFactor: z.boolean(),
  sso: z.object({ issuer: z.string(), clientId: z.string() }).nullable().describe('the client secret is never shown'),
});
