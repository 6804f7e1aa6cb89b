import type { WorkspaceId } from '../domain/workspace-id';
import type { Knex } from 'knex';
import type { Credit } from '../domain/order-decision';
import type { OrderStatus } from '../domain/rules';
import { insertOrderFlags } from './reconciliation';
import type { RedecidedRefund } from './refunds';

/*
 * What recording a report did to its order, as plain data: what follows an order (commissions)
 * reads it from the result of core/repositories/order-outcomes.ts `recordReportOutcome`, in the
 * same transaction, without reading the order again.
 */

/** What an order is worth and to whom, in minor units of its currency. */
export type OrderState = { status: OrderStatus; creatorId: string | null; valueMinor: number; refundedMinor: number; currency: string };

export type OrderStateChange = {
  /** null: this report created the order. */
  before: OrderState | null;
  after: OrderState;
  /** A server report moved the order from the creator a pixel report credited (flagged `attribution_overridden`). */
  attributionOverridden: { previousCreatorId: string; creatorId: string } | null;
  /** Refunds decided again because the order's value or currency changed, with what each applied before. */
  refundsRedecided: RedecidedRefund[];
};

/** The store's server credited another creator than a pixel report had: kept as a flag on the order, once. */
export async function flagAttributionOverridden(
  trx: Knex.Transaction,
  moved: { workspaceId: WorkspaceId; integrationId: string; orderId: string; orderRowId: string; previous: Credit; credit: Credit },
): Promise<void> {
  await insertOrderFlags(trx, [
    {
      workspaceId: moved.workspaceId,
      kind: 'attribution_overridden',
      integrationId: moved.integrationId,
      orderId: moved.orderId,
      details: {
        orderRowId: moved.orderRowId,
        previousCreatorId: moved.previous.creatorId,
        previousAttributedBy: moved.previous.attributedBy,
        creatorId: moved.credit.creatorId,
        attributedBy: moved.credit.attributedBy,
      },
    },
  ]);
}
