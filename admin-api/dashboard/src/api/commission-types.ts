/** Commissions and payouts as the admin API answers them (admin-api/schemas/commissions.ts). */
// Type-only imports of the server's zod schemas (STYLE 13): erased by Vite, so no server module
// reaches the bundle, and a field added to the API's answer reaches these types by itself.
import type { z } from 'zod';
import type { commissionAnswer, payoutAnswer, payoutPreviewAnswer } from '../../../schemas/commissions';

export type Commission = z.infer<typeof commissionAnswer>;
export type CommissionRule = Commission['rule'];
export type CommissionStatus = Commission['status'];

export type Payout = z.infer<typeof payoutAnswer>;
export type PayoutStatus = Payout['status'];
export type PayoutPreview = z.infer<typeof payoutPreviewAnswer>['data'][number];

export type CreatorDetail = {
  id: string;
  name: string;
  createdAt: string;
  email: string | null;
  commission: CommissionRule | null;
  effectiveCommission: CommissionRule | null;
};

export type CommissionSettings = { commission: CommissionRule | null; commissionHoldDays: number; minimumPayout: Record<string, number> };
