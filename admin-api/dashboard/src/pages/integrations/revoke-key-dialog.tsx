import type { ApiError } from '../../api/api-error';
import type { IntegrationKey } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { ModalDialog } from '../../components/modal-dialog';

/** Revoking a key is final: the store's server is refused with it within seconds. Cancel is the focused choice. */
export function RevokeKeyDialog(props: { serverKey: IntegrationKey; busy: boolean; error: ApiError | null; onConfirm(): void; onCancel(): void }) {
  return (
    <ModalDialog title="Revoke this server key?" onClose={props.onCancel}>
      <p>
        Orders and refunds sent with <strong>{props.serverKey.name}</strong> (<code>isk_…{props.serverKey.lastFour}</code>) are refused from now on. Create
        another key first if your store's server still needs one.
      </p>
      <ErrorMessage error={props.error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          Revoke key
        </button>
      </div>
    </ModalDialog>
  );
}
