import { useId } from 'react';
import { CopyButton } from '../../components/copy-button';

/** Code to copy (the embed code by default), readable and selectable, with a copy button (focused when the snippet has just been created). */
export function SnippetBlock({
  snippet,
  autoFocusCopy,
  caption = 'Snippet',
  copyLabel = 'Copy snippet',
}: {
  snippet: string;
  autoFocusCopy?: boolean;
  caption?: string;
  copyLabel?: string;
}) {
  const labelId = useId();
  return (
    <figure className="snippet">
      <figcaption id={labelId}>{caption}</figcaption>
      <pre aria-labelledby={labelId} tabIndex={0} className="snippet-code">
        <code>{snippet}</code>
      </pre>
      <CopyButton text={snippet} label={copyLabel} autoFocus={autoFocusCopy} />
    </figure>
  );
}
