import { useState } from 'react';
import type { OrderDetail } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';

/** An Admin's clawback, whole by default or partial; the order's workflow applies it, so the page looks again after. */
export function RefundForm({ order, onQueued }: { order: OrderDetail; onQueued(): void }) {
  const { api } = useSession();
  const [value, setValue] = useState(String(order.netValue));
  const form = useSaveForm(
    () =>
      api.post<{ status: string; refundId: string }>(`/api/v1/orders/${encodeURIComponent(order.id)}/refunds`, {
        value: Number(value),
        currency: order.currency,
      }),
    onQueued,
  );
  return (
    <form className="card stack settings-form" aria-label="Refund" onSubmit={form.onSubmit}>
      <TextField
        label={`Amount to refund (${order.currency})`}
        type="number"
        required
        min={0}
        step="any"
        value={value}
        hint="The whole remaining value by default; a smaller amount refunds part of it."
        onChange={(e) => {
          setValue(e.target.value);
          form.edited();
        }}
      />
      <div className="actions">
        <button type="submit" className="danger" disabled={form.busy}>
          Refund
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <p className="notice success" role="status">
          Refund {form.saved.refundId} queued: the order&apos;s workflow applies it in a moment.
        </p>
      )}
    </form>
  );
}
