import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client';
import type { Me } from '../api/types';

/** A signed-in user: who they are (role decides which controls show) and an API client with their session cookie or token. */
export type Session = {
  me: Me;
  api: ApiClient;
  isAdmin: boolean;
  signOut(): void;
  /** An operator's API token rather than a person's session: no account page of sessions to show. */
  signedInWithToken: boolean;
  /** After Settings saved a new name, so the header shows it without signing in again. */
  renameWorkspace(name: string): void;
};

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside a signed-in session');
  return session;
}
