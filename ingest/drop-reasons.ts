import { AppError, type ErrorCode } from '../core/errors';

/** Every reason ingest refuses a beacon: a typed value, counted, never a 5xx. */
export const dropReasons = {
  payload_too_large: { code: 'payload_too_large', message: 'The beacon body is larger than the limit.' },
  invalid_json: { code: 'invalid_json', message: 'The beacon body is not valid JSON.' },
  invalid_beacon: { code: 'validation_failed', message: 'The beacon does not match the expected shape.' },
  unknown_integration: { code: 'unknown_integration', message: 'No integration has this id.' },
  integration_disconnected: { code: 'integration_disconnected', message: 'This integration was disconnected and accepts no more beacons.' },
  missing_origin: { code: 'origin_mismatch', message: 'The beacon carries neither an Origin nor a Referer header.' },
  origin_mismatch: { code: 'origin_mismatch', message: "The beacon's origin is not the integration's registered origin." },
  rate_limited: { code: 'rate_limited', message: 'Too many beacons from this address for this integration; send again after Retry-After seconds.' },
} as const satisfies Record<string, { code: ErrorCode; message: string }>;

export type DropReason = keyof typeof dropReasons;

export class BeaconDropped extends AppError {
  constructor(
    readonly reason: DropReason,
    readonly integrationId: string | null,
    details?: Record<string, unknown>,
  ) {
    super(dropReasons[reason].code, dropReasons[reason].message, details);
    this.name = 'BeaconDropped';
  }
}
