import { z } from 'zod';
import { roles } from '../../core/domain/rules';
import { dateTime, nullableDateTime } from './common';

/** Members, API tokens and the caller. */

const role = z.enum(roles);
export const createMemberBody = z.object({ email: z.string().trim().email().max(254), role });
export const patchMemberBody = z.object({ role });
export const memberAnswer = z.object({ id: z.string(), email: z.string(), role, createdAt: dateTime });
export const createdMemberAnswer = z.object({ id: z.string(), email: z.string(), role, token: z.string().describe('shown once') });

export const meAnswer = z.object({
  workspace: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), email: z.string(), twoFactor: z.boolean().describe('signs in with a second factor (TOTP)') }),
  role,
});

export const createTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export const tokenAnswer = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
  revokedAt: nullableDateTime,
});
export const createdTokenAnswer = tokenAnswer.extend({ token: z.string().describe('shown once') });
