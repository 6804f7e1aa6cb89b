import type { Mailer } from '../core/people/mailer';
import type { SessionLifetime } from '../core/people/sessions';

/** What the sign-in routes need: session lifetimes, the dashboard's URL (links, CSRF origin), mail, the key secrets are sealed with. */
export type PeopleDeps = {
  sessions: SessionLifetime;
  /** The dashboard's public URL without a trailing slash (PUBLIC_ADMIN_URL, else where the admin API listens). */
  publicAdminUrl: () => string;
  mailer: Mailer;
  secretKey: Buffer;
};

export const originOf = (url: string): string => new URL(url).origin;
