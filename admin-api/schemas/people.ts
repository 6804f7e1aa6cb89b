import { z } from 'zod';
import { roles } from '../../core/domain/rules';
import { MIN_PASSWORD_LENGTH } from '../../core/people/passwords';
import { dateTime } from './common';

/** People sign in: invitations, sign-in, sessions, password reset, two-factor. */

const role = z.enum(roles);
const email = z.string().trim().email().max(254);
const password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);
const secretToken = z.string().min(1).max(200);
const code = z.string().trim().min(6).max(40);

export const createInvitationBody = z.object({ email, role });
export const invitationAnswer = z.object({ id: z.string(), email: z.string(), role, createdAt: dateTime, expiresAt: dateTime });
export const createdInvitationAnswer = z.object({
  id: z.string(),
  email: z.string(),
  role,
  expiresAt: dateTime,
  acceptUrl: z.string().describe('one-time link, valid 7 days; also e-mailed when SMTP_URL is set'),
});

export const acceptInvitationBody = z.object({ token: secretToken, password });
export const signInBody = z.object({ email, password: z.string().min(1).max(1024), totp: code.optional() });
export const signedInAnswer = z.object({ email: z.string(), workspace: z.object({ id: z.string(), name: z.string() }), role });

export const passwordResetBody = z.object({ email });
export const passwordResetConfirmBody = z.object({ token: secretToken, password });

export const sessionAnswer = z.object({
  id: z.string(),
  createdAt: dateTime,
  lastSeenAt: dateTime,
  userAgent: z.string().nullable(),
  current: z.boolean().describe('the session this request came with'),
});

export const totpStartAnswer = z.object({ secret: z.string(), otpauthUrl: z.string() });
export const totpCodeBody = z.object({ code });
export const totpConfirmedAnswer = z.object({ enabled: z.literal(true), recoveryCodes: z.array(z.string()).describe('10 one-time codes, shown once') });
