import { useId, useState } from 'react';
import type { CommissionRule } from '../../api/commission-types';
import { TextField } from '../../components/text-field';
import { formatAmounts, parseAmounts } from './describe-rule';

type Kind = 'none' | 'percent' | 'flat';

/** Edits a commission rule: none, a percent, or flat amounts per currency ("USD 5, EUR 4.5"). */
export function useRuleEditor(initial: CommissionRule | null) {
  const [kind, setKind] = useState<Kind>(initial?.type ?? 'none');
  const [percent, setPercent] = useState(initial?.type === 'percent' ? String(initial.percent) : '10');
  const [amounts, setAmounts] = useState(initial?.type === 'flat' ? formatAmounts(initial.amounts) : 'USD 5');
  const rule = (): CommissionRule | null =>
    kind === 'none' ? null : kind === 'percent' ? { type: 'percent', percent: Number(percent) } : { type: 'flat', amounts: parseAmounts(amounts) };
  return { kind, setKind, percent, setPercent, amounts, setAmounts, rule };
}

export function RuleEditor({ label, editor, onEdit }: { label: string; editor: ReturnType<typeof useRuleEditor>; onEdit(): void }) {
  const id = useId();
  return (
    <fieldset className="stack">
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={id}>Rule</label>
        <select
          id={id}
          value={editor.kind}
          onChange={(e) => {
            editor.setKind(e.target.value as Kind);
            onEdit();
          }}
        >
          <option value="none">None</option>
          <option value="percent">Percent of the net value</option>
          <option value="flat">Flat amount per order</option>
        </select>
      </div>
      {editor.kind === 'percent' && (
        <TextField
          label="Percent"
          type="number"
          min={0.01}
          max={100}
          step={0.01}
          required
          value={editor.percent}
          onChange={(e) => {
            editor.setPercent(e.target.value);
            onEdit();
          }}
        />
      )}
      {editor.kind === 'flat' && (
        <TextField
          label="Amounts per currency"
          hint="e.g. USD 5, EUR 4.5 (an order in a currency not listed earns 0)"
          required
          value={editor.amounts}
          onChange={(e) => {
            editor.setAmounts(e.target.value);
            onEdit();
          }}
        />
      )}
    </fieldset>
  );
}
