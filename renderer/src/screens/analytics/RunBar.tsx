import { useAnalytics } from '../../stores/analytics';
import { Field } from '../../components/Field';
import { fmtDate, fmtInt, fmtTs } from '../../lib/format';

/** The pack to run, the run button, and what the run shown ran on (window, scope, evidence, exclusions). */
export function RunBar() {
  const packs = useAnalytics((s) => s.packs);
  const pack = useAnalytics((s) => s.pack);
  const setPack = useAnalytics((s) => s.setPack);
  const run = useAnalytics((s) => s.run);
  const running = useAnalytics((s) => s.running);
  const view = useAnalytics((s) => s.view);
  const openRun = useAnalytics((s) => s.openRun);
  return (
    <section className="panel" aria-label="Rule pack run" data-testid="analytics-run">
      <div className="panel-body analytics-runbar">
        <form
          className="form form-inline analytics-runform"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <Field label="Rule pack">
            <select className="input" name="rule-pack" value={pack} onChange={(e) => setPack(e.target.value)} disabled={running}>
              {packs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} ({p.id} {p.version}, {p.rules} rules)
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="btn btn-primary" disabled={running || packs.length === 0} data-testid="run-pack">
            {running ? 'Running…' : view ? 'Run again' : 'Run rule pack'}
          </button>
        </form>
        {view ? (
          <div className="analytics-runinfo small" data-testid="run-info" data-run={view.run.runId}>
            <div>
              <strong>Run #{view.run.runId}</strong> of {view.run.pack.title} {view.run.pack.version} · {fmtTs(view.run.finishedAt)} by {view.run.by}
              {view.runs.length > 1 ? (
                <label className="analytics-runpick">
                  <span className="muted"> · show run </span>
                  <select className="input input-sm" value={view.run.runId} onChange={(e) => void openRun(Number(e.target.value))}>
                    {view.runs.map((r) => (
                      <option key={r.runId} value={r.runId}>
                        #{r.runId} {fmtTs(r.finishedAt)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
            </div>
            <div className="muted">
              {fmtInt(view.eventsInScope)} events of verified bundles
              {view.window
                ? ` · window ${fmtDate(view.window.start)} – ${fmtDate(view.window.end)} (${view.window.source})`
                : ' · no audit window'} · {view.evidenceTables.filter((t) => t.included).length} evidence tables
            </div>
            {view.excludedBundles.map((b) => (
              <div key={b.bundleId} className="warn-text" data-testid="excluded-bundle">
                Bundle #{b.bundleId} ({b.sourcePath}) left out: {b.why}
              </div>
            ))}
          </div>
        ) : null}
      </div>
    </section>
  );
}
