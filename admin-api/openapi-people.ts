import { z } from 'zod';
import { errorResponse as error } from '../core/openapi/error-body';
import type { OperationSpec, ResponseSpec } from '../core/openapi/openapi-document';
import {
  acceptInvitationBody,
  createdInvitationAnswer,
  createInvitationBody,
  invitationAnswer,
  passwordResetBody,
  passwordResetConfirmBody,
  sessionAnswer,
  signedInAnswer,
  signInBody,
  totpCodeBody,
  totpConfirmedAnswer,
  totpStartAnswer,
} from './schemas/people';
import { workspaceAnswer } from './schemas/workspace';

/** The OpenAPI operations of "People sign in" (DESIGN.md): invitations, sign-in, sessions, password reset, two-factor. */

const ok = (description: string, schema: z.ZodType): ResponseSpec => ({ description, schema });
const refusals = { '400': error('Invalid input; the error names the field'), '401': error('Not signed in and no valid API token') };
const adminOnly = { ...refusals, '403': error('Only an Admin can do this (or csrf_refused: a cookie-authenticated change from another origin)') };
const csrf = { '403': error('csrf_refused: a browser request from another origin than the dashboard') };
const badToken = { '400': error('invalid_token: used, revoked or expired (or a field is invalid)') };
const cookie = 'Sets influtrace_session (HttpOnly; SameSite=Lax; Path=/; Secure when PUBLIC_ADMIN_URL is https).';

export const peopleOperations: OperationSpec[] = [
  {
    method: 'post',
    path: '/api/v1/invitations',
    summary: 'Invite a person by e-mail (Admin): a one-time link valid 7 days, e-mailed when SMTP_URL is set',
    tags: ['people'],
    body: createInvitationBody,
    responses: { '201': ok('Invited', createdInvitationAnswer), ...adminOnly, '409': error('Already a member') },
  },
  {
    method: 'get',
    path: '/api/v1/invitations',
    summary: 'Pending invitations (Admin)',
    tags: ['people'],
    responses: { '200': ok('Pending invitations', z.object({ data: z.array(invitationAnswer) })), ...adminOnly },
  },
  {
    method: 'delete',
    path: '/api/v1/invitations/{id}',
    summary: 'Revoke a pending invitation (Admin)',
    tags: ['people'],
    responses: { '204': { description: 'Revoked' }, ...adminOnly, '404': error('No pending invitation with this id') },
  },
  {
    method: 'post',
    path: '/api/v1/auth/accept-invitation',
    summary: 'Accept an invitation with a password (at least 12 characters): the member exists and is signed in',
    description: cookie,
    tags: ['people'],
    public: true,
    body: acceptInvitationBody,
    responses: { '201': ok('Signed in', signedInAnswer), ...badToken, '401': error('invalid_credentials: an existing account gave another password'), ...csrf },
  },
  {
    method: 'post',
    path: '/api/v1/auth/sign-in',
    summary: 'Sign in with e-mail and password (and a TOTP or recovery code when two-factor is on)',
    description: `${cookie} 10 failures for one e-mail within 15 minutes → 429 with Retry-After.`,
    tags: ['people'],
    public: true,
    body: signInBody,
    responses: {
      '200': ok('Signed in', signedInAnswer),
      '400': error('Invalid input; the error names the field'),
      '401': error('invalid_credentials, totp_required or invalid_totp'),
      ...csrf,
      '429': error('Locked: too many failures for this e-mail; see Retry-After'),
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/sign-out',
    summary: 'Sign out: the session is ended on the server',
    tags: ['people'],
    public: true,
    responses: { '204': { description: 'Signed out' }, ...csrf },
  },
  {
    method: 'post',
    path: '/api/v1/auth/password-reset',
    summary: 'E-mail a reset link (1 hour, once) when the address has an account; the answer is the same whatever the address',
    tags: ['people'],
    public: true,
    body: passwordResetBody,
    responses: { '202': ok('Accepted', z.object({ accepted: z.literal(true) })), '400': error('Invalid input; the error names the field'), ...csrf },
  },
  {
    method: 'post',
    path: '/api/v1/auth/password-reset/confirm',
    summary: "Set a new password with a reset link's token; every session of that person ends",
    tags: ['people'],
    public: true,
    body: passwordResetConfirmBody,
    responses: { '204': { description: 'Password changed' }, ...badToken, ...csrf },
  },
  {
    method: 'get',
    path: '/api/v1/me/sessions',
    summary: "The caller's live sessions",
    tags: ['people'],
    responses: { '200': ok('Sessions', z.object({ data: z.array(sessionAnswer) })), ...refusals },
  },
  {
    method: 'delete',
    path: '/api/v1/me/sessions/{id}',
    summary: 'End one of your sessions',
    tags: ['people'],
    responses: { '204': { description: 'Ended' }, ...refusals, '404': error('No live session of yours with this id') },
  },
  {
    method: 'post',
    path: '/api/v1/me/totp',
    summary: 'Start turning on two-factor: a new TOTP secret and its otpauth:// URL (for a QR code)',
    tags: ['people'],
    responses: { '200': ok('Secret', totpStartAnswer), ...refusals, '409': error('Two-factor is already on') },
  },
  {
    method: 'post',
    path: '/api/v1/me/totp/confirm',
    summary: 'Turn two-factor on with a code from the new secret; 10 one-time recovery codes are shown once',
    tags: ['people'],
    body: totpCodeBody,
    responses: { '200': ok('On', totpConfirmedAnswer), ...refusals },
  },
  {
    method: 'delete',
    path: '/api/v1/me/totp',
    summary: 'Turn two-factor off with a current code (or a recovery code)',
    tags: ['people'],
    body: totpCodeBody,
    responses: { '204': { description: 'Off' }, ...refusals },
  },
  {
    method: 'get',
    path: '/api/v1/auth/sso/{workspaceId}',
    summary: "Single sign-on: redirects the browser to the workspace's OpenID provider (authorization code with PKCE)",
    description:
      'Sets influtrace_sso (HttpOnly; SameSite=Lax; Path=/api/v1/auth/sso; Max-Age=600): the state, nonce and PKCE verifier, sealed. A dashboard link, not a script call.',
    tags: ['people'],
    public: true,
    pathParams: { workspaceId: 'the workspace whose OpenID provider to use (ws_…)' },
    responses: {
      '302': { description: "To the provider's authorization endpoint" },
      '404': error('not_found: no such workspace, or it has no single sign-on'),
      '503': error("service_unavailable: the provider's discovery document could not be fetched"),
    },
  },
  {
    method: 'get',
    path: '/api/v1/auth/sso/callback',
    summary: "Single sign-on: the provider's redirect back (register <PUBLIC_ADMIN_URL>/api/v1/auth/sso/callback with the provider)",
    description: `Checks state, nonce, PKCE and the ID token's signature, issuer and audience, then signs in the member whose verified e-mail (email_verified) matches and redirects to the dashboard. ${cookie}`,
    tags: ['people'],
    public: true,
    responses: {
      '302': { description: 'Signed in: to <PUBLIC_ADMIN_URL>/?signedIn=sso' },
      '401': error(
        'not_a_member: no member with this verified e-mail (or the provider did not verify it); sso_refused: wrong state, replayed code, bad ID token, no sign-in under way',
      ),
      '503': error("service_unavailable: the provider's discovery document could not be fetched"),
    },
  },
  {
    method: 'delete',
    path: '/api/v1/workspace/sso',
    summary: 'Turn single sign-on off (Admin): the issuer, client id and sealed secret are forgotten',
    tags: ['workspace'],
    responses: { '200': ok('Settings, sso null', workspaceAnswer), ...adminOnly },
  },
];
