/** The API token lives in sessionStorage: gone when the tab closes, never in a cookie the API would trust. */
const KEY = 'influtrace.apiToken';

export const tokenStorage = {
  read: (): string | null => sessionStorage.getItem(KEY),
  write: (token: string): void => sessionStorage.setItem(KEY, token),
  clear: (): void => sessionStorage.removeItem(KEY),
};
