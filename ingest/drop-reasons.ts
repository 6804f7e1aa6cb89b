import { AppError, type ErrorCode } from '../core/errors';

/** Every reason ingest refuses a beacon or a request of the store's server: a typed value, counted, never a 5xx. */
export const dropReasons = {
  payload_too_large: { code: 'payload_too_large', message: 'The request body is larger than the limit.' },
  invalid_json: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  invalid_utf8: { code: 'invalid_json', message: 'The request body is not valid UTF-8.' },
  invalid_beacon: { code: 'validation_failed', message: 'The beacon does not match the expected shape.' },
  unknown_integration: { code: 'unknown_integration', message: 'No integration has this id.' },
  integration_disconnected: { code: 'integration_disconnected', message: 'This integration was disconnected and accepts no more beacons.' },
  missing_origin: { code: 'origin_mismatch', message: 'The beacon carries neither an Origin nor a Referer header.' },
  origin_mismatch: { code: 'origin_mismatch', message: "The beacon's origin is not the integration's registered origin." },
  rate_limited: { code: 'rate_limited', message: 'Too many beacons from this address for this integration; send again after Retry-After seconds.' },
  lookups_exhausted: { code: 'rate_limited', message: 'Too many requests for integrations not seen recently; send again after Retry-After seconds.' },
  // The store's server (secret key): orders and refunds.
  invalid_key: { code: 'invalid_key', message: 'A valid integration secret key is required: Authorization: Bearer isk_….' },
  key_rate_limited: { code: 'rate_limited', message: 'Too many requests with this secret key; send again after Retry-After seconds.' },
  unsupported_media_type: { code: 'unsupported_media_type', message: 'The body must be sent as Content-Type: application/json.' },
  invalid_server_order: { code: 'validation_failed', message: 'The order does not match the expected shape.' },
  invalid_refund: { code: 'validation_failed', message: 'The refund does not match the expected shape.' },
  idempotency_conflict: { code: 'idempotency_conflict', message: 'The refund conflicts with one already kept.' },
} as const satisfies Record<string, { code: ErrorCode; message: string }>;

export type DropReason = keyof typeof dropReasons;

/** A refused field is named in the message too: `The order does not match the expected shape: value: …`. */
function messageOf(reason: DropReason, details?: Record<string, unknown>): string {
  const { message } = dropReasons[reason];
  if (typeof details?.field !== 'string' || typeof details.problem !== 'string') return message;
  return `${message.slice(0, -1)}: ${details.field || 'body'}: ${details.problem}`;
}

export class BeaconDropped extends AppError {
  constructor(
    readonly reason: DropReason,
    readonly integrationId: string | null,
    details?: Record<string, unknown>,
  ) {
    super(dropReasons[reason].code, messageOf(reason, details), details);
    this.name = 'BeaconDropped';
  }
}
