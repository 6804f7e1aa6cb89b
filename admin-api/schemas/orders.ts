import { z } from 'zod';
import { currencySchema, storableText } from '../../core/domain/beacon';
import { isCurrencyCode, toMinorUnits } from '../../core/domain/money';
import { orderDetailAnswer as storedOrderDetail } from '../../core/domain/order-views';
import { orderStatuses } from '../../core/domain/rules';
import { dateRangeQuery } from '../date-range';
import { commissionAnswer } from './commissions';
import { pageQuery } from './common';

export { orderAnswer, orderEventAnswer } from '../../core/domain/order-views';

/** GET /api/v1/orders/:id: the order in full, and where to open its workflow when the Temporal UI is configured. */
export const orderDetailAnswer = storedOrderDetail.extend({
  commissions: z.array(commissionAnswer).describe("the order's commissions (issue 27): its sale commission and any clawbacks"),
  workflowUrl: z
    .string()
    .url()
    .optional()
    .describe(
      "the order's workflow runs in the Temporal Web UI (its reports and refunds, each run listed); present only when the admin API is configured with TEMPORAL_UI_URL",
    ),
});

/** Orders: the list, one order in full, and a person's refund. */

export const orderFilterQuery = dateRangeQuery.extend({
  integrationId: z.string().max(64).optional(),
  creatorId: z.string().max(64).optional(),
  status: z.enum(orderStatuses).optional(),
  ...pageQuery.shape,
});

/** A person's clawback: in the order's currency, at most its value (the excess is not applied). */
export const createRefundBody = z
  .object({
    refundId: storableText(128).min(1).optional().describe('generated when absent; the same refundId again is the same refund'),
    value: z.number().finite().gt(0),
    currency: currencySchema,
  })
  .refine((refund) => !isCurrencyCode(refund.currency) || Number.isSafeInteger(toMinorUnits(refund.value, refund.currency)), {
    path: ['value'],
    message: 'value is too large to be stored in minor units of its currency',
  })
  .refine((refund) => !isCurrencyCode(refund.currency) || toMinorUnits(refund.value, refund.currency) >= 1, {
    path: ['value'],
    message: 'value must be at least one minor unit of its currency',
  });

export const refundQueuedAnswer = z.object({ status: z.literal('queued'), refundId: z.string() });
