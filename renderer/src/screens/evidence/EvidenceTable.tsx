import { useEffect } from 'react';
import { useEvidence } from '../../stores/evidence';
import { VerdictBadge } from '../../components/VerdictBadge';
import { Hash } from '../../components/Hash';
import { Empty } from '../../components/Empty';
import { fmtBytes } from '../../lib/format';

/** Each evidence file: what it supports, its size, its declared and recomputed SHA-256, its verdict. */
export function EvidenceTable() {
  const items = useEvidence((s) => s.items);
  const error = useEvidence((s) => s.error);
  const selected = useEvidence((s) => s.selected);
  const select = useEvidence((s) => s.select);
  useEffect(() => {
    const first = items?.[0];
    if (first && !selected) void select(first.bundleId, first.path);
  }, [items, selected, select]);
  if (error) return <p className="warn-text">{error}</p>;
  if (!items) return <Empty>Loading…</Empty>;
  if (items.length === 0) return <Empty>The imported bundles list no evidence files.</Empty>;
  return (
    <div className="panel evidence-table">
      <table className="table table-compact" data-testid="evidence-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const on = selected?.bundleId === e.bundleId && selected.path === e.path;
            const same = e.declaredSha256 !== null && e.declaredSha256 === e.foundSha256;
            return (
              <tr key={`${e.bundleId}:${e.path}`} className={on ? 'row-current' : ''}>
                <td>
                  <button
                    type="button"
                    className="link mono break"
                    onClick={() => void select(e.bundleId, e.path)}
                    aria-current={on ? 'true' : undefined}
                  >
                    {e.path.replace(/^evidence\//, '')}
                  </button>
                  <div className="muted small">
                    {e.description}
                    {e.description ? ' · ' : ''}
                    <span className="nowrap">{fmtBytes(e.size)}</span>
                    {e.controls.length ? <span className="mono"> · {e.controls.join(', ')}</span> : null}
                  </div>
                </td>
                <td className="nowrap">
                  {same ? (
                    <span title={`The declared and the recomputed SHA-256 agree: ${e.foundSha256 ?? ''}`}>
                      <span className="ok-text" aria-label="agrees">
                        ✓{' '}
                      </span>
                      <Hash value={e.foundSha256} short />
                    </span>
                  ) : (
                    <>
                      <div>
                        <span className="muted small">declared </span>
                        <Hash value={e.declaredSha256} short />
                      </div>
                      <div>
                        <span className="muted small">found </span>
                        <Hash value={e.foundSha256} short className="hash-bad" />
                      </div>
                    </>
                  )}
                </td>
                <td>
                  <VerdictBadge verdict={e.verdict} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
