import { z } from 'zod';
import { dateTime, nullableDateTime } from './common';
import { createTokenBody } from './members';

/** Secret keys of an integration, with which the store's server reports orders and refunds to ingest. */

/** A key is named like an API token: 1–100 characters, trimmed. */
export const createIntegrationKeyBody = createTokenBody;

const keyId = z.string().meta({ examples: ['key_3k9x0v7q2m5n8b1c4z6a'] });
const lastFour = z.string().length(4).describe("the secret's last four characters, to tell keys apart");

export const integrationKeyAnswer = z.object({
  id: keyId,
  name: z.string(),
  lastFour,
  createdAt: dateTime,
  lastUsedAt: nullableDateTime,
  revokedAt: nullableDateTime,
});

export const createdIntegrationKeyAnswer = z.object({
  id: keyId,
  name: z.string(),
  key: z.string().describe('isk_…: shown once, stored only as its SHA-256 hash; send it as Authorization: Bearer to ingest'),
  lastFour,
  createdAt: dateTime,
});
