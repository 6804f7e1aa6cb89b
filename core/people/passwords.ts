import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id parameters: 19 MiB of memory, 2 iterations, 1 lane. */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

/** The argon2 verification every password check runs, an object so that a test can watch it (an unknown e-mail must run it too). */
export const passwordHashing = { verify };

/** A real hash of nobody's password: an unknown e-mail is checked against it, so it costs what a wrong password costs. */
let dummyHash: Promise<string> | null = null;

/** Checks a password against its stored hash, or against the dummy hash when there is none (same work, same answer: false). */
export async function checkPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('influtrace: nobody has this password');
  const against = storedHash ?? (await dummyHash);
  const matches = await passwordHashing.verify(against, password).catch(() => false);
  return storedHash !== null && matches;
}
