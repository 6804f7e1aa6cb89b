import { createApiClient } from '../api/client';
import { PasswordPage } from './accept-invitation-page';

/** /reset-password?token=…: from the mailed link, a new password; then the person signs in with it. */
export function ResetPasswordPage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return (
    <PasswordPage
      title="Choose a new password"
      intro="At least 12 characters. Every session signed in with your old password ends."
      submitLabel="Set the new password"
      send={(password) => createApiClient(null).post('/api/v1/auth/password-reset/confirm', { token, password })}
    />
  );
}
