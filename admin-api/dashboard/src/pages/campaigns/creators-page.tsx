import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/error-message';
import { TextField } from '../../components/text-field';
import { useDocumentTitle } from '../../components/use-document-title';
import { useCreators } from '../../components/use-workspace-lists';
import { formatDateTime } from '../../format';
import { useSession } from '../../session/session-context';
import { useCreateForm } from './use-create-form';

/** Creators: add one by name; each links to its report. */
export function CreatorsPage() {
  useDocumentTitle('Creators');
  const { api } = useSession();
  const creators = useCreators();
  const [name, setName] = useState('');
  const form = useCreateForm(
    () => api.post('/api/v1/creators', { name: name.trim() }).then(() => undefined),
    () => {
      setName('');
      creators.reload();
    },
  );

  return (
    <>
      <h1>Creators</h1>
      <form className="card inline-form" onSubmit={form.onSubmit} aria-label="Add a creator">
        <TextField label="Name" name="name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" disabled={form.busy}>
          Add creator
        </button>
        <ErrorMessage error={form.error} />
      </form>
      <ErrorMessage error={creators.error} />
      <div className="table-wrap">
        <table>
          <caption>Creators</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Added</th>
              <th scope="col">Report</th>
            </tr>
          </thead>
          <tbody>
            {creators.data?.data.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/creators/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                </td>
                <td>{formatDateTime(c.createdAt)}</td>
                <td>
                  <Link to={`/reports/${encodeURIComponent(c.id)}`} aria-label={`Report of ${c.name}`}>
                    Report
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
