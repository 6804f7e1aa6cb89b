import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-error';
import { ErrorMessage } from './error-message';
import { ModalDialog } from './modal-dialog';

/** A final action asked once more: what it does, the API's error if it failed, and Cancel as the focused, safe choice. */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  error: ApiError | null;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <ModalDialog title={props.title} onClose={props.onCancel}>
      <p>{props.children}</p>
      <ErrorMessage error={props.error} />
      <div className="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
