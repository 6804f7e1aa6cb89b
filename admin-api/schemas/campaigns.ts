import { z } from 'zod';
import { foldCouponCode } from '../../core/coupon-codes/fold-coupon-code';
import { creatorBodyCommissionFields, creatorCommissionFields } from './commissions';
import { dateTime, integrationIds } from './common';

/** Creators, tracking links and coupons: what a Member may manage too. */

export const createCreatorBody = z.object({ name: z.string().trim().min(1).max(200), ...creatorBodyCommissionFields });
export const patchCreatorBody = z.object({ name: z.string().trim().min(1).max(200).optional(), ...creatorBodyCommissionFields }).strict();
export const creatorAnswer = z.object({ id: z.string(), name: z.string(), createdAt: dateTime, ...creatorCommissionFields });

export const createLinkBody = z.object({
  creatorId: z.string().max(64),
  destinationUrl: z.string().max(2048).meta({ format: 'uri' }),
  code: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only, at most 64')
    .optional()
    .describe('generated when not given'),
  integrationIds: integrationIds.default([]),
});
export const patchLinkBody = z.object({ integrationIds });
export const linkAnswer = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string().describe('the public tracking URL, .../r/CODE'),
  creatorId: z.string(),
  destinationUrl: z.string(),
  integrationIds: z.array(z.string()),
  createdAt: dateTime,
});

export const createCouponBody = z.object({
  creatorId: z.string().max(64),
  code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine((code) => foldCouponCode(code) !== '', 'must contain a visible character')
    .describe('compared after Unicode NFKC, full case folding and removal of invisible (default-ignorable) characters: two codes that fold alike are one'),
  integrationIds: integrationIds.default([]),
});
export const patchCouponBody = z.object({ integrationIds });
export const couponAnswer = z.object({ id: z.string(), code: z.string(), creatorId: z.string(), integrationIds: z.array(z.string()), createdAt: dateTime });
