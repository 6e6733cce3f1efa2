import { useEffect } from 'react';
import { useBundles } from '../../stores/engagement';
import { useSampling } from '../../stores/sampling';
import { useExports } from '../../stores/exports';
import { useDataVersion } from '../../stores/data-version';
import { Panel } from '../../components/Panel';
import { VerdictBadge } from '../../components/VerdictBadge';
import { StatusBadge } from '../sampling/StatusBadge';
import { fmtInt, fmtTs } from '../../lib/format';

/** Workpapers per sampling session and verification reports per bundle; where each was saved. */
export function ExportScreen() {
  const bundles = useBundles();
  const sessions = useSampling((s) => s.sessions);
  const load = useSampling((s) => s.load);
  const version = useDataVersion((s) => s.version);
  const busy = useExports((s) => s.busy);
  const done = useExports((s) => s.done);
  const exportWorkpaper = useExports((s) => s.exportWorkpaper);
  const exportReport = useExports((s) => s.exportReport);
  useEffect(() => {
    void load();
  }, [version, load]);
  return (
    <div className="screen" data-testid="screen-export">
      <div className="screen-head">
        <h1>Export</h1>
        <p className="screen-lede">
          A workpaper spreadsheet per sampling session (plan, seed, items, results, evaluation, sign-offs and the activity log) and the verification
          report of each bundle. You choose where each file is saved.
        </p>
      </div>
      <div className="grid-2">
        <Panel title="Workpapers" id="export-workpapers">
          {sessions.length === 0 ? (
            <p className="muted">No sampling session yet.</p>
          ) : (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col" className="num">
                    Items
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <td>{s.name}</td>
                    <td className="num">{fmtInt(s.size)}</td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td className="right">
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={busy !== null}
                        onClick={() => void exportWorkpaper(s.id, s.name)}
                        data-testid={`export-workpaper-${s.id}`}
                      >
                        Export workpaper…
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title="Verification reports" id="export-reports">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Bundle</th>
                <th scope="col">Verdict</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {bundles.map((b) => (
                <tr key={b.id}>
                  <td>
                    #{b.id} {b.tenant}
                  </td>
                  <td>
                    <VerdictBadge verdict={b.verdict} />
                  </td>
                  <td className="right">
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={busy !== null || b.verdict === null}
                      onClick={() => void exportReport(b.id, `bundle-${b.id}`)}
                      data-testid={`export-report-${b.id}`}
                    >
                      Export report…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      </div>
      <Panel title="Saved in this sitting" id="export-done">
        {done.length === 0 ? (
          <p className="muted">Nothing exported yet.</p>
        ) : (
          <ul className="saved-list" data-testid="saved-list">
            {done.map((d) => (
              <li key={`${d.path}-${d.at}`}>
                <span className="tag">{d.kind === 'workpaper' ? 'Workpaper' : 'Report'}</span> {d.label}{' '}
                <span className="muted">at {fmtTs(d.at)}</span>
                <div className="mono break saved-path" data-testid="saved-path">
                  {d.path}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
