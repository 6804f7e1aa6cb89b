import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../../api/api-error';

/** A create form's submit: busy while the API answers, its error shown, reset and reload after success. */
export function useCreateForm(create: () => Promise<void>, onCreated: () => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await create();
      onCreated();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return { error, busy, onSubmit: (event: FormEvent) => void submit(event) };
}
