import { useState } from 'react';
import type { CreatedInvitation, Invitation, Member, Page } from '../../api/types';
import { ErrorMessage } from '../../components/error-message';
import { SecretShownOnce } from '../../components/secret-shown-once';
import { TextField } from '../../components/text-field';
import { useApiData } from '../../components/use-api-data';
import { useDocumentTitle } from '../../components/use-document-title';
import { useSaveForm } from '../../components/use-save-form';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session-context';

/** The workspace's people: members, and (Admin) invitations to send, pending ones to revoke. */
export function MembersPage() {
  useDocumentTitle('Members');
  const { api, isAdmin } = useSession();
  const members = useApiData('members', () => api.get<Page<Member>>('/api/v1/members?limit=500'));
  const invitations = useApiData('invitations', () => (isAdmin ? api.get<{ data: Invitation[] }>('/api/v1/invitations') : Promise.resolve({ data: [] })));

  return (
    <>
      <h1>Members</h1>
      {isAdmin && <InviteForm onInvited={invitations.reload} />}
      <ErrorMessage error={members.error} />
      <table aria-label="Members">
        <thead>
          <tr>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Member since</th>
          </tr>
        </thead>
        <tbody>
          {members.data?.data.map((m) => (
            <tr key={m.id}>
              <td>{m.email}</td>
              <td>{m.role === 'admin' ? 'Admin' : 'Member'}</td>
              <td>{formatDateTime(m.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin && (
        <>
          <h2>Pending invitations</h2>
          <ErrorMessage error={invitations.error} />
          {invitations.data?.data.length === 0 && <p className="hint">No pending invitations.</p>}
          {invitations.data && invitations.data.data.length > 0 && (
            <table aria-label="Pending invitations">
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invitations.data.data.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td>
                    <td>{i.role === 'admin' ? 'Admin' : 'Member'}</td>
                    <td>{formatDateTime(i.expiresAt)}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() => void api.delete(`/api/v1/invitations/${i.id}`).then(invitations.reload)}
                        aria-label={`Revoke the invitation of ${i.email}`}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

function InviteForm({ onInvited }: { onInvited(): void }) {
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const form = useSaveForm(() => api.post<CreatedInvitation>('/api/v1/invitations', { email: email.trim(), role }), onInvited);

  return (
    <form className="card stack" aria-label="Invite a person" onSubmit={form.onSubmit}>
      <h2>Invite a person</h2>
      <TextField
        label="E-mail"
        type="email"
        required
        value={email}
        onChange={(e) => {
          setEmail(e.target.value);
          form.edited();
        }}
      />
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as 'member' | 'admin')}>
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={form.busy}>
          Invite
        </button>
      </div>
      <ErrorMessage error={form.error} />
      {form.saved && (
        <SecretShownOnce secret={form.saved.acceptUrl} copyLabel="Copy the link">
          Invited {form.saved.email}. The link works once, for 7 days (it is also e-mailed when the server has SMTP_URL); send it if no mail arrives:
        </SecretShownOnce>
      )}
    </form>
  );
}
