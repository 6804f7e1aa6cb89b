import type { ApiError } from '../../api/api-error';
import { ConfirmDialog } from '../../components/confirm-dialog';

/** Disconnect is final for this integration: say so, and make the safe choice the focused one. */
export function DisconnectDialog({ origin, ...props }: { origin: string; busy: boolean; error: ApiError | null; onConfirm(): void; onCancel(): void }) {
  return (
    <ConfirmDialog title="Disconnect this store?" confirmLabel="Disconnect" {...props}>
      InfluTrace stops accepting orders from <strong>{origin}</strong>. Past orders stay in your reports. To turn it back on, add the Custom integration again
      and re-verify.
    </ConfirmDialog>
  );
}
