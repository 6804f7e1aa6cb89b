import { useId } from 'react';
import { CopyButton } from '../../components/copy-button';

/** The embed code, readable and selectable, with a copy button (focused when the snippet has just been created). */
export function SnippetBlock({ snippet, autoFocusCopy }: { snippet: string; autoFocusCopy?: boolean }) {
  const labelId = useId();
  return (
    <figure className="snippet">
      <figcaption id={labelId}>Snippet</figcaption>
      <pre aria-labelledby={labelId} tabIndex={0} className="snippet-code">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label="Copy snippet" autoFocus={autoFocusCopy} />
    </figure>
  );
}
