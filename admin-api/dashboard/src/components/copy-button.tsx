import { useState } from 'react';

/** Copies text to the clipboard and says so in a live region (screen readers hear "Copied"). */
export function CopyButton({ text, label, autoFocus }: { text: string; label: string; autoFocus?: boolean }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  }

  return (
    <span className="copy">
      <button type="button" onClick={() => void copy()} autoFocus={autoFocus}>
        {label}
      </button>
      <span role="status" className="copy-result">
        {result === 'copied' ? 'Copied' : result === 'failed' ? 'Could not copy: select the text and copy it' : ''}
      </span>
    </span>
  );
}
