import { Link } from 'react-router';
import { useDocumentTitle } from '../components/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page here. <Link to="/integrations">Go to Integrations</Link>.
      </p>
    </>
  );
}
