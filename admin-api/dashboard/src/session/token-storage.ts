/** The API token lives in sessionStorage: gone when the tab closes, never in a cookie the API would trust. */
const KEY = 'influtrace.apiToken';

export const tokenStorage = {
  read: (): string | null => sessionStorage.getItem(KEY),
  write: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
};

/**
 * Whether this browser signed a person in (the session cookie itself is HttpOnly): only then does the
 * dashboard ask GET /api/v1/me on load, so a first visit shows the sign-in page without a refused request.
 */
const SIGNED_IN_KEY = 'influtrace.signedIn';

export const signedInHint = {
  read: (): boolean => localStorage.getItem(SIGNED_IN_KEY) === '1',
  write: (): void => localStorage.setItem(SIGNED_IN_KEY, '1'),
  clear: (): void => localStorage.removeItem(SIGNED_IN_KEY),
};
