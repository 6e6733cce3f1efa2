import { prettyJson } from '../lib/json';

/** An event's line as the vendor wrote it, indented for reading (the stored bytes are not changed). */
export function OriginalRecord({ raw, testId }: { raw: string; testId: string }) {
  return (
    <>
      <h3 className="subhead">Original record</h3>
      <pre className="json" data-testid={testId}>
        {prettyJson(raw)}
      </pre>
    </>
  );
}
