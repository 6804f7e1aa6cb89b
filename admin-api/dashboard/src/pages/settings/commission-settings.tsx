import { useState } from 'react';
import type { CommissionSettings } from '../../api/commission-types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';
import { describeRule, formatAmounts, parseAmounts } from '../commissions/describe-rule';
import { RuleEditor, useRuleEditor } from '../commissions/rule-editor';

const HOLD_HINT = 'Days a commission stays pending (your refund window) before it can be paid: 0 to 365.';
const MINIMUM_HINT = 'Per currency, e.g. USD 50, EUR 40; empty: no minimum. Smaller sums wait for a later run.';

/** The workspace's commission settings: Admins edit them, Members read them. */
export function CommissionSettingsSection({ settings }: { settings: CommissionSettings }) {
  const { isAdmin } = useSession();
  if (!isAdmin)
    return (
      <section className="card settings-form" aria-label="Commission settings">
        <h2>Commissions</h2>
        <dl className="facts">
          <dt>Default rule</dt>
          <dd>{describeRule(settings.commission)}</dd>
          <dt>Hold</dt>
          <dd>{settings.commissionHoldDays} days</dd>
          <dt>Minimum payout</dt>
          <dd>{formatAmounts(settings.minimumPayout) || 'None'}</dd>
        </dl>
      </section>
    );
  return <CommissionSettingsForm settings={settings} />;
}

function CommissionSettingsForm({ settings }: { settings: CommissionSettings }) {
  const { api } = useSession();
  const rule = useRuleEditor(settings.commission);
  const [holdDays, setHoldDays] = useState(String(settings.commissionHoldDays));
  const [minimum, setMinimum] = useState(formatAmounts(settings.minimumPayout));
  const form = useSaveForm(() =>
    api.patch<CommissionSettings>('/api/v1/workspace', {
      commission: rule.rule(),
      commissionHoldDays: Number(holdDays),
      minimumPayout: minimum.trim() ? parseAmounts(minimum) : {},
    }),
  );
  return (
    <form className="card stack settings-form" aria-label="Commission settings" onSubmit={form.onSubmit}>
      <h2>Commissions</h2>
      <RuleEditor label="Default rule (for creators without their own)" editor={rule} onEdit={form.edited} />
      <TextField
        label="Hold (days)"
        type="number"
        min={0}
        max={365}
        step={1}
        required
        hint={HOLD_HINT}
        value={holdDays}
        onChange={(e) => {
          setHoldDays(e.target.value);
          form.edited();
        }}
      />
      <TextField
        label="Minimum payout"
        hint={MINIMUM_HINT}
        value={minimum}
        onChange={(e) => {
          setMinimum(e.target.value);
          form.edited();
        }}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          Save commission settings
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <p className="notice success" role="status">
          Saved: {describeRule(form.saved.commission)}, hold {form.saved.commissionHoldDays} days.
        </p>
      )}
    </form>
  );
}
