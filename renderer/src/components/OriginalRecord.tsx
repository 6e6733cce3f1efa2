import { useId } from 'react';
import { prettyJson } from '../lib/json';

/**
 * An event's line as the vendor wrote it, indented for reading (the stored bytes are not changed). The record
 * scrolls inside its box, so the box takes keyboard focus and is a region named by its heading (WCAG 2.1.1).
 */
export function OriginalRecord({ raw, testId }: { raw: string; testId: string }) {
  const headingId = useId();
  return (
    <>
      <h3 className="subhead" id={headingId}>
        Original record
      </h3>
      <pre className="json" data-testid={testId} tabIndex={0} role="region" aria-labelledby={headingId}>
        {prettyJson(raw)}
      </pre>
    </>
  );
}
