import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import { createApiClient } from '../api/client';
import type { Me } from '../api/types';
import { SignInPage } from './sign-in-page';
import { SessionContext, type Session } from './session-context';
import { tokenStorage } from './token-storage';

type State = { kind: 'checking'; token: string } | { kind: 'signed-out'; error?: ApiError } | { kind: 'signed-in'; token: string; me: Me };

/** Renders the sign-in page until a token is accepted by GET /api/v1/me, then the children. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() => {
    const saved = tokenStorage.read();
    return saved ? { kind: 'checking', token: saved } : { kind: 'signed-out' };
  });

  const signOut = useCallback((error?: ApiError) => {
    tokenStorage.clear();
    setState({ kind: 'signed-out', error });
  }, []);

  const checkingToken = state.kind === 'checking' ? state.token : null;
  useEffect(() => {
    if (!checkingToken) return;
    let current = true;
    createApiClient(checkingToken)
      .get<Me>('/api/v1/me')
      .then(
        (me) => {
          if (!current) return;
          tokenStorage.write(checkingToken);
          setState({ kind: 'signed-in', token: checkingToken, me });
        },
        (err: unknown) => current && signOut(toApiError(err)),
      );
    return () => {
      current = false;
    };
  }, [checkingToken, signOut]);

  const signedInToken = state.kind === 'signed-in' ? state.token : null;
  const me = state.kind === 'signed-in' ? state.me : null;
  const session = useMemo<Session | null>(() => {
    if (!signedInToken || !me) return null;
    const expired = () => signOut(undefined);
    const renameWorkspace = (name: string) => setState((s) => (s.kind === 'signed-in' ? { ...s, me: { ...s.me, workspace: { ...s.me.workspace, name } } } : s));
    return { me, isAdmin: me.role === 'admin', api: createApiClient(signedInToken, expired), signOut: () => signOut(), renameWorkspace };
  }, [signedInToken, me, signOut]);

  if (state.kind === 'checking') {
    return (
      <p className="centered" role="status">
        Signing in…
      </p>
    );
  }
  if (!session) return <SignInPage error={state.kind === 'signed-out' ? state.error : undefined} onSubmit={(token) => setState({ kind: 'checking', token })} />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
