import { z } from 'zod';
import { isCurrencyCode, toMinorUnits } from './money';
import { isWellFormedText } from './text';

/** Text PostgreSQL can store: NUL and lone surrogates are refused here, at the edge, rather than by the database later. */
export const storableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine(isWellFormedText, 'must be well-formed Unicode (no lone surrogates)');

/** An optional field that a client may also send as `null` (many serializers do): both mean absent. */
export const absentIfNull = <S extends z.ZodType>(schema: S) =>
  schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();

/** An ISO 4217 code in any case; stored upper case. */
export const currencySchema = z
  .string()
  .trim()
  .length(3)
  .refine(isCurrencyCode, 'currency must be an ISO 4217 code')
  .transform((code) => code.toUpperCase());

/** One definition of what the pixel sends, shared by ingest (edge checks) and workflows (validation). */
export const orderFieldsSchema = z
  .object({
    orderId: storableText(128).min(1, 'orderId must not be empty'),
    value: z.number().finite().min(0),
    currency: currencySchema,
    coupon: storableText(64)
      .nullish()
      .transform((c) => (c ? c : undefined)),
  })
  .refine((order) => !isCurrencyCode(order.currency) || Number.isSafeInteger(toMinorUnits(order.value, order.currency)), {
    path: ['value'],
    message: 'value is too large to be stored in minor units of its currency',
  });

export const attributionSchema = z.object({
  ref: absentIfNull(storableText(64)),
  itc: absentIfNull(storableText(64)),
  ts: absentIfNull(z.number().finite()),
});

const beaconBase = {
  id: storableText(64).min(1),
  // Any length the 8 KiB body allows: a long page URL must never cost the order (the pixel treats a
  // 400 as final). Ingest keeps its origin and path, cut to MAX_KEPT_URL_LENGTH.
  url: storableText(8 * 1024).optional(),
};

export const beaconSchema = z.discriminatedUnion('type', [
  z.object({ ...beaconBase, type: z.literal('ping') }),
  z.object({ ...beaconBase, type: z.literal('order'), attribution: absentIfNull(attributionSchema), order: orderFieldsSchema }),
]);

export type Beacon = z.infer<typeof beaconSchema>;
export type OrderBeacon = Extract<Beacon, { type: 'order' }>;
export type OrderFields = z.infer<typeof orderFieldsSchema>;
export type Attribution = z.infer<typeof attributionSchema>;

/** How much of a beacon's page URL is kept (origin and path only; see ingest/accept-beacon.ts). */
export const MAX_KEPT_URL_LENGTH = 2048;
