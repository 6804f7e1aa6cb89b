import type { ApiError } from '../../api/api-error';
import type { IntegrationKey } from '../../api/types';
import { ConfirmDialog } from '../../components/confirm-dialog';

/** Revoking a key is final: the store's server is refused with it within seconds. Cancel is the focused choice. */
export function RevokeKeyDialog({
  serverKey,
  ...props
}: {
  serverKey: IntegrationKey;
  busy: boolean;
  error: ApiError | null;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <ConfirmDialog title="Revoke this server key?" confirmLabel="Revoke key" {...props}>
      Orders and refunds sent with <strong>{serverKey.name}</strong> (<code>isk_…{serverKey.lastFour}</code>) are refused from now on. Create another key first
      if your store's server still needs one.
    </ConfirmDialog>
  );
}
