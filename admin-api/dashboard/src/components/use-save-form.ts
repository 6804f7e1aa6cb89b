import { useState, type FormEvent } from 'react';
import { toApiError, type ApiError } from '../api/api-error';

/**
 * A settings form's submit: busy while the API answers, its error shown, and what was saved
 * (for the "Saved" notice) until the next edit calls `edited()`.
 */
export function useSaveForm<T>(save: () => Promise<T>, onSaved: (answer: T) => void = () => undefined) {
  const [saved, setSaved] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await save();
      setSaved(answer);
      onSaved(answer);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return { saved, error, busy, edited: () => setSaved(null), onSubmit: (event: FormEvent) => void submit(event) };
}
