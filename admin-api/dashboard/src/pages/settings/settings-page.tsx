import { useState } from 'react';
import type { WorkspaceSettings } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { useSaveForm } from '../../components/use-save-form';
import { useSession } from '../../session/session-context';
import { CommissionSettingsSection } from './commission-settings';

const WINDOW_HINT = 'How long after a click on a tracking link an order still credits its creator: 1 to 365 days. Coupons credit whenever they are used.';

/** The workspace's name and attribution window: Admins change them, Members read them. */
export function SettingsPage() {
  useDocumentTitle('Settings');
  const { api, isAdmin } = useSession();
  const settings = useApiData('workspace', () => api.get<WorkspaceSettings>('/api/v1/workspace'));

  return (
    <>
      <h1>Settings</h1>
      <ErrorMessage error={settings.error} />
      {settings.data &&
        (isAdmin ? (
          <SettingsForm settings={settings.data} />
        ) : (
          <section className="card settings-form" aria-label="Workspace settings">
            <dl className="facts">
              <dt>Workspace name</dt>
              <dd>{settings.data.name}</dd>
              <dt>Attribution window</dt>
              <dd>{settings.data.attributionWindowDays} days</dd>
              <dt>Workspace id</dt>
              <dd>
                <code>{settings.data.id}</code>
              </dd>
            </dl>
            <p className="hint">{WINDOW_HINT}</p>
            <p className="hint">Only an Admin can change these settings.</p>
          </section>
        ))}
      {settings.data && <CommissionSettingsSection settings={settings.data} />}
    </>
  );
}

function SettingsForm({ settings }: { settings: WorkspaceSettings }) {
  const { api, renameWorkspace } = useSession();
  const [name, setName] = useState(settings.name);
  const [windowDays, setWindowDays] = useState(String(settings.attributionWindowDays));
  const form = useSaveForm(
    () => api.patch<WorkspaceSettings>('/api/v1/workspace', { name: name.trim(), attributionWindowDays: Number(windowDays) }),
    (answer) => {
      setName(answer.name);
      setWindowDays(String(answer.attributionWindowDays));
      renameWorkspace(answer.name);
    },
  );

  return (
    <form className="card stack settings-form" aria-label="Workspace settings" onSubmit={form.onSubmit}>
      <TextField
        label="Workspace name"
        required
        maxLength={200}
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          form.edited();
        }}
      />
      <TextField
        label="Attribution window (days)"
        type="number"
        inputMode="numeric"
        required
        min={1}
        max={365}
        step={1}
        value={windowDays}
        hint={WINDOW_HINT}
        onChange={(e) => {
          setWindowDays(e.target.value);
          form.edited();
        }}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          Save settings
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <p className="notice success" role="status">
          Saved: {form.saved.name}, attribution window {form.saved.attributionWindowDays} days.
        </p>
      )}
    </form>
  );
}
