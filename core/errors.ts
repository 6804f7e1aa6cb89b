/** Every error a client can see, with its stable code and HTTP status. */
export const errorCodes = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  invalid_website_url: 400,
  invalid_destination_url: 400,
  invalid_webhook_url: 400,
  unauthorized: 401,
  invalid_key: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  unknown_integration: 404,
  conflict: 409,
  integration_disconnected: 409,
  idempotency_conflict: 409,
  origin_mismatch: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  // People sign in (DESIGN.md, "People sign in").
  invalid_credentials: 401,
  totp_required: 401,
  invalid_totp: 401,
  not_a_member: 401,
  sso_refused: 401,
  csrf_refused: 403,
  two_factor_required: 403,
  invalid_token: 400,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

/** PostgreSQL refusing a text value (NUL, bad encoding) is bad input, not our failure. */
const BAD_TEXT_SQLSTATES = new Set(['22021', '22P05']);

/** Renders any thrown value as the public error body; unknown errors leak nothing. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (BAD_TEXT_SQLSTATES.has((err as { code?: string } | null)?.code ?? '')) {
    return toErrorBody(new AppError('bad_request', 'Text values must not contain NUL characters.'));
  }
  if (err instanceof AppError) {
    const error: ErrorBody['error'] = { code: err.code, message: err.message };
    if (err.details) error.details = err.details;
    return { status: err.status, body: { error } };
  }
  return { status: 500, body: { error: { code: 'internal_error', message: 'Something went wrong on our side.' } } };
}
