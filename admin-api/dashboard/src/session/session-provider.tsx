import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { toApiError, type ApiError } from '../api/api-error';
import { createApiClient } from '../api/client';
import type { Me } from '../api/types';
import { AcceptInvitationPage } from './accept-invitation-page';
import { ResetPasswordPage } from './reset-password-page';
import { SignInPage } from './sign-in-page';
import { SessionContext, type Session } from './session-context';
import { signedInHint, tokenStorage } from './token-storage';

/** token null: a person signed in with the session cookie (e-mail and password, or SSO); a string: an operator's API token. */
type State = { kind: 'checking'; token: string | null } | { kind: 'signed-out'; error?: ApiError } | { kind: 'signed-in'; token: string | null; me: Me };

/** Pages a person opens from a mailed link, before they are signed in. */
const LINK_PAGES: Record<string, () => ReactNode> = {
  '/accept-invitation': () => <AcceptInvitationPage />,
  '/reset-password': () => <ResetPasswordPage />,
};

/** Renders the sign-in page until GET /api/v1/me accepts the session cookie or a token, then the children. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(() => {
    if (cameBackFromSso()) signedInHint.write();
    const token = tokenStorage.read();
    return token || signedInHint.read() ? { kind: 'checking', token } : { kind: 'signed-out' };
  });

  const signOut = useCallback((error?: ApiError) => {
    tokenStorage.clear();
    signedInHint.clear();
    setState({ kind: 'signed-out', error });
  }, []);

  const checking = state.kind === 'checking' ? state : null;
  useEffect(() => {
    if (!checking) return;
    let current = true;
    createApiClient(checking.token)
      .get<Me>('/api/v1/me')
      .then(
        (me) => {
          if (!current) return;
          if (checking.token) tokenStorage.write(checking.token);
          setState({ kind: 'signed-in', token: checking.token, me });
        },
        // No session cookie yet is not an error to show; a refused token is.
        (err: unknown) => current && signOut(checking.token ? toApiError(err) : undefined),
      );
    return () => {
      current = false;
    };
  }, [checking, signOut]);

  const signedIn = state.kind === 'signed-in' ? state : null;
  const session = useMemo<Session | null>(() => {
    if (!signedIn) return null;
    const expired = () => signOut(undefined);
    const renameWorkspace = (name: string) => setState((s) => (s.kind === 'signed-in' ? { ...s, me: { ...s.me, workspace: { ...s.me.workspace, name } } } : s));
    const api = createApiClient(signedIn.token, expired);
    const endSession = () => {
      if (signedIn.token) return signOut();
      void api.post('/api/v1/auth/sign-out').finally(() => signOut());
    };
    return { me: signedIn.me, isAdmin: signedIn.me.role === 'admin', api, signOut: endSession, renameWorkspace, signedInWithToken: signedIn.token !== null };
  }, [signedIn, signOut]);

  const linkPage = LINK_PAGES[window.location.pathname];
  if (linkPage) return <>{linkPage()}</>;
  if (state.kind === 'checking') {
    return (
      <p className="centered" role="status">
        Signing in…
      </p>
    );
  }
  if (!session) {
    return (
      <SignInPage
        error={state.kind === 'signed-out' ? state.error : undefined}
        onToken={(token) => setState({ kind: 'checking', token })}
        onSignedIn={() => {
          signedInHint.write();
          setState({ kind: 'checking', token: null });
        }}
      />
    );
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The single sign-on callback sends the browser to `/?signedIn=sso` with the session cookie set: note it, and tidy the URL. */
function cameBackFromSso(): boolean {
  const url = new URL(window.location.href);
  if (url.searchParams.get('signedIn') !== 'sso') return false;
  url.searchParams.delete('signedIn');
  window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  return true;
}
