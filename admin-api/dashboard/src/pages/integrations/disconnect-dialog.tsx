import type { ApiError } from '../../api/api-error';
import { ErrorMessage } from '../../components/error-message';
import { ModalDialog } from '../../components/modal-dialog';

/** Disconnect is final for this integration: say so, and make the safe choice the focused one. */
export function DisconnectDialog(props: { origin: string; busy: boolean; error: ApiError | null; onConfirm(): void; onCancel(): void }) {
  return (
    <ModalDialog title="Disconnect this store?" onClose={props.onCancel}>
      <p>
        InfluTrace stops accepting orders from <strong>{props.origin}</strong>. Past orders stay in your reports. To turn it back on, add the Custom integration
        again and re-verify.
      </p>
      <ErrorMessage error={props.error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          Disconnect
        </button>
      </div>
    </ModalDialog>
  );
}
