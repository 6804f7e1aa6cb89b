import { z } from 'zod';
import { amountsPerCurrency, MAX_COMMISSION_HOLD_DAYS, nullableCommissionRule } from '../../core/commissions/commission-rule';
import { commissionKinds, commissionReasons, commissionStatuses } from '../../core/commissions/compute-commission';
import { payoutStatuses } from '../../core/commissions/payout-view';
import { dateTime, nullableDateTime, pageQuery, perCurrency } from './common';

/** Commissions and payouts (issue 27, the third contract): rules, commissions, payouts. */

const id = z.string().max(64);
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals');

export const commissionRuleAnswer = nullableCommissionRule.describe('{"type":"percent","percent":10} or {"type":"flat","amounts":{"USD":5}}, or null (none)');

export const commissionAnswer = z.object({
  id: z.string(),
  orderId: z.string().describe('the order row id, ord_…'),
  creatorId: z.string(),
  kind: z.enum(commissionKinds),
  status: z.enum(commissionStatuses),
  currency: z.string(),
  amount: z.number().describe('major units; negative for a clawback'),
  rule: nullableCommissionRule.unwrap().describe('the rule in force when the sale was credited'),
  reason: z.enum(commissionReasons).nullable(),
  holdUntil: nullableDateTime,
  approvedAt: nullableDateTime,
  adjustsCommissionId: z.string().nullable().describe('a clawback: the sale commission it adjusts'),
  payoutId: z.string().nullable(),
  movedAt: nullableDateTime.describe(
    "a sale left with its creator when the store's server moved the order to another creator (clawed back, the new creator has a new sale); else null",
  ),
  createdAt: dateTime,
});

export const commissionFilterQuery = z.object({
  creatorId: id.optional(),
  status: z.enum(commissionStatuses).optional(),
  orderId: id.optional(),
  payoutId: id.optional(),
  ...pageQuery.shape,
});

export const payoutAnswer = z.object({
  id: z.string(),
  creatorId: z.string(),
  creatorName: z.string(),
  currency: z.string(),
  amount: z.number().describe('major units: the sum of its commissions, clawbacks included'),
  commissionCount: z.number().int(),
  status: z.enum(payoutStatuses),
  reference: z.string().nullable(),
  createdAt: dateTime,
  paidAt: nullableDateTime,
});

export const payoutDetailAnswer = payoutAnswer.extend({ commissions: z.array(commissionAnswer) });

export const runPayoutsBody = z.object({ currency: currency.optional(), creatorId: id.optional() }).strict();
export const payoutsRunAnswer = z.object({ data: z.array(payoutAnswer) });
export const payoutPreviewAnswer = z.object({
  data: z.array(payoutAnswer.pick({ creatorId: true, creatorName: true, currency: true, amount: true, commissionCount: true })),
});
export const payoutPreviewQuery = runPayoutsBody;

export const markPayoutPaidBody = z.object({ reference: z.string().trim().min(1).max(200).optional().describe('e.g. the bank transfer reference') }).strict();

export const payoutFilterQuery = z.object({
  status: z.enum(payoutStatuses).optional(),
  creatorId: id.optional(),
  format: z.enum(['json', 'csv']).optional(),
  ...pageQuery.shape,
});

/** What the creator answer and bodies gain. */
export const creatorCommissionFields = {
  email: z.email().max(320).nullable(),
  commission: commissionRuleAnswer,
  effectiveCommission: nullableCommissionRule.describe("the creator's own rule, else the workspace's, else null"),
};

export const creatorBodyCommissionFields = {
  email: z.email().max(320).nullable().optional(),
  commission: nullableCommissionRule.optional().describe('Admin only (a Member sending it → 403)'),
};

/** What the workspace answer and its PATCH gain. */
export const workspaceCommissionFields = {
  commission: nullableCommissionRule.describe('the default rule of creators without their own'),
  commissionHoldDays: z.number().int().min(0).max(MAX_COMMISSION_HOLD_DAYS).describe('days a commission stays pending (refund window), 0–365'),
  minimumPayout: amountsPerCurrency.describe('per currency in major units; {} means no minimum'),
};

/** Creator report columns: commission totals per currency. */
export const creatorReportCommissionFields = {
  commissionPending: perCurrency.describe('pending commissions, per currency'),
  commissionApproved: perCurrency.describe('approved, not yet paid, per currency'),
  commissionPaid: perCurrency.describe('paid, per currency'),
};
