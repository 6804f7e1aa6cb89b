/** Commissions and payouts as the admin API answers them (admin-api/schemas/commissions.ts). */
export type CommissionRule = { type: 'percent'; percent: number } | { type: 'flat'; amounts: Record<string, number> };
export type CommissionStatus = 'pending' | 'approved' | 'paid' | 'reversed';

export type Commission = {
  id: string;
  orderId: string;
  creatorId: string;
  kind: 'sale' | 'clawback';
  status: CommissionStatus;
  currency: string;
  amount: number;
  rule: CommissionRule;
  reason: 'no_amount_for_currency' | null;
  holdUntil: string | null;
  approvedAt: string | null;
  adjustsCommissionId: string | null;
  payoutId: string | null;
  movedAt: string | null;
  createdAt: string;
};

export type PayoutStatus = 'pending' | 'paid' | 'canceled';
export type Payout = {
  id: string;
  creatorId: string;
  creatorName: string;
  currency: string;
  amount: number;
  commissionCount: number;
  status: PayoutStatus;
  reference: string | null;
  createdAt: string;
  paidAt: string | null;
};
export type PayoutPreview = Pick<Payout, 'creatorId' | 'creatorName' | 'currency' | 'amount' | 'commissionCount'>;

export type CreatorDetail = {
  id: string;
  name: string;
  createdAt: string;
  email: string | null;
  commission: CommissionRule | null;
  effectiveCommission: CommissionRule | null;
};

export type CommissionSettings = { commission: CommissionRule | null; commissionHoldDays: number; minimumPayout: Record<string, number> };
