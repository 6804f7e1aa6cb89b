import { z } from 'zod';

/** Shapes every part of the admin API shares: the error body, lists, ids, instants. */

export { errorBody } from '../../core/openapi/error-body';

/** An instant as the API writes it (Date.toISOString()). */
export const dateTime = z.iso.datetime();
export const nullableDateTime = dateTime.nullable();

/** Ids named in a body: at most 100, each at most 64 characters. */
export const integrationIds = z.array(z.string().max(64)).max(100);

/** A page of a list: `nextCursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page') });

/** `?limit=&cursor=` on every list; the cursor is opaque to clients. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/** Amounts per ISO 4217 currency, in major units. */
export const perCurrency = z.record(z.string(), z.number()).describe('per ISO 4217 currency, in major units');
