import { expect } from 'chai';
import { requestJson, type JsonResponse } from '../support/http';

/** Calls the admin API of one pipeline: `api(token).post('/api/v1/creators', {...})`. */
export function adminClient(adminUrl: string) {
  return (token?: string) => ({
    get: (path: string) => requestJson(`${adminUrl}${path}`, { token }),
    post: (path: string, body?: unknown) => requestJson(`${adminUrl}${path}`, { method: 'POST', token, body }),
    patch: (path: string, body?: unknown) => requestJson(`${adminUrl}${path}`, { method: 'PATCH', token, body }),
    send: (method: string, path: string, body?: unknown) => requestJson(`${adminUrl}${path}`, { method, token, body }),
  });
}

/** The only error body clients may rely on: `{"error":{"code","message"}}`, `details` optional, nothing else. */
export function expectErrorShape(response: JsonResponse): void {
  const described = `${response.status} ${JSON.stringify(response.body)}`;
  expect(response.headers.get('content-type') ?? '', described).to.match(/^application\/json/);
  expect(response.body, described).to.be.an('object');
  expect(Object.keys(response.body), described).to.deep.equal(['error']);
  const error = response.body.error;
  expect(error, described).to.be.an('object');
  const keys = Object.keys(error).sort();
  expect(
    [
      ['code', 'message'],
      ['code', 'details', 'message'],
    ].map((k) => k.join(',')),
    described,
  ).to.include(keys.join(','));
  expect(error.code, described)
    .to.be.a('string')
    .and.match(/^[a-z][a-z_]*$/);
  expect(error.message, described).to.be.a('string').and.not.equal('');
  if ('details' in error) expect(error.details, described).to.be.an('object');
}

/** Asserts the status, the error code and the error body's exact shape; returns the error for more checks. */
export function expectError(response: JsonResponse, status: number, code: string): { code: string; message: string; details?: Record<string, unknown> } {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expectErrorShape(response);
  expect(response.body.error.code).to.equal(code);
  return response.body.error;
}

/** A validation error names the offending field, in `details.field` or in the message. */
export function expectFieldNamed(error: { message: string; details?: Record<string, unknown> }, field: string): void {
  const named = error.details?.field === field || error.message.includes(field);
  expect(named, `error should name "${field}": ${JSON.stringify(error)}`).to.equal(true);
}
