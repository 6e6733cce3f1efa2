import { useState } from 'react';
import type { Finding, FindingCode } from '../../../../shared/types';
import { FindingRow } from './FindingRow';
import { fmtInt } from '../../lib/format';

const SHOWN = 25;

/** Findings, errors first, the first few shown; with the count the verifier left out. */
export function FindingList({
  findings,
  streamId,
  suppressed,
}: {
  findings: Finding[];
  streamId?: string;
  suppressed?: Partial<Record<FindingCode, number>>;
}) {
  const [all, setAll] = useState(false);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
  const shown = all ? sorted : sorted.slice(0, SHOWN);
  const more = Object.entries(suppressed ?? {}).reduce((n, [, v]) => n + (v ?? 0), 0);
  if (findings.length === 0) return null;
  return (
    <>
      <ul className="finding-list">
        {shown.map((f, i) => (
          <FindingRow key={i} finding={f} {...(streamId !== undefined ? { streamId } : {})} />
        ))}
      </ul>
      {sorted.length > SHOWN && !all ? (
        <button type="button" className="link small" onClick={() => setAll(true)}>
          Show all {fmtInt(sorted.length)} findings
        </button>
      ) : null}
      {more > 0 ? <p className="muted small">…and {fmtInt(more)} more of the same kinds, not listed by the verifier.</p> : null}
    </>
  );
}
