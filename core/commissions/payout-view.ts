import { majorUnits } from './compute-commission';

export const payoutStatuses = ['pending', 'paid', 'canceled'] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

export type PayoutRow = {
  id: string;
  creator_id: string;
  creator_name: string;
  currency: string;
  amount_minor: string | number;
  commission_count: number;
  status: PayoutStatus;
  reference: string | null;
  created_at: Date;
  paid_at: Date | null;
};

export type PayoutView = {
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

export function payoutView(row: PayoutRow): PayoutView {
  const currency = row.currency.trim();
  return {
    id: row.id,
    creatorId: row.creator_id,
    creatorName: row.creator_name,
    currency,
    amount: majorUnits(Number(row.amount_minor), currency),
    commissionCount: Number(row.commission_count),
    status: row.status,
    reference: row.reference,
    createdAt: row.created_at.toISOString(),
    paidAt: row.paid_at?.toISOString() ?? null,
  };
}
