import { z } from 'zod';
import { isCurrencyCode, toMinorUnits } from './money';

/** One definition of what the pixel sends, shared by ingest (edge checks) and workflows (validation). */
export const orderFieldsSchema = z.object({
  orderId: z.string().trim().min(1, 'orderId must not be empty').max(128),
  value: z.number().finite().min(0),
  currency: z
    .string()
    .trim()
    .length(3)
    .refine(isCurrencyCode, 'currency must be an ISO 4217 code')
    .transform((code) => code.toUpperCase()),
  coupon: z.string().trim().max(64).optional().transform((c) => (c ? c : undefined)),
}).refine((order) => Number.isSafeInteger(toMinorUnits(order.value, order.currency)), {
  path: ['value'],
  message: 'value is too large to be stored in minor units of its currency',
});

export const attributionSchema = z.object({
  ref: z.string().trim().max(64).optional(),
  itc: z.string().trim().max(64).optional(),
  ts: z.number().finite().optional(),
});

const beaconBase = {
  id: z.string().trim().min(1).max(64),
  url: z.string().max(2048).optional(),
};

export const beaconSchema = z.discriminatedUnion('type', [
  z.object({ ...beaconBase, type: z.literal('ping') }),
  z.object({ ...beaconBase, type: z.literal('order'), attribution: attributionSchema.optional(), order: orderFieldsSchema }),
]);

export type Beacon = z.infer<typeof beaconSchema>;
export type OrderBeacon = Extract<Beacon, { type: 'order' }>;
export type OrderFields = z.infer<typeof orderFieldsSchema>;
export type Attribution = z.infer<typeof attributionSchema>;
