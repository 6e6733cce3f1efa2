import { useState } from 'react';
import { useSampling } from '../../stores/sampling';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';
import { fmtTs } from '../../lib/format';

/** Preparer, then a different reviewer; reopening needs a reason and clears both. */
export function SignOffPanel() {
  const v = useSampling((s) => s.view);
  const signOff = useSampling((s) => s.signOff);
  const reopen = useSampling((s) => s.reopen);
  const saving = useSampling((s) => s.saving);
  const [preparer, setPreparer] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [reason, setReason] = useState('');
  if (!v) return null;
  const untested = v.evaluation.reduce((n, a) => n + a.untested, 0);
  return (
    <Panel title="Sign-off" id="signoff">
      <div className="signoff" data-testid="signoff">
        <div className="signoff-step">
          <h3 className="subhead">Preparer</h3>
          {v.preparer ? (
            <p className="ok-text" data-testid="preparer-signed">
              ✓ {v.preparer.name} · <span className="num">{fmtTs(v.preparer.at)}</span>
            </p>
          ) : (
            <form
              className="signoff-form"
              onSubmit={(e) => {
                e.preventDefault();
                void signOff('preparer', preparer.trim());
              }}
            >
              <Field label="Name">
                <input
                  className="input"
                  name="preparer"
                  value={preparer}
                  onChange={(e) => setPreparer(e.target.value)}
                  disabled={v.status !== 'open'}
                  autoComplete="name"
                />
              </Field>
              <button
                type="submit"
                className="btn btn-primary"
                disabled={v.status !== 'open' || preparer.trim() === '' || untested > 0 || saving > 0}
                title={untested > 0 ? `${untested} results still untested` : undefined}
              >
                Sign as preparer
              </button>
            </form>
          )}
          {!v.preparer && untested > 0 ? <p className="muted small">Record all {untested} remaining results first.</p> : null}
        </div>
        <div className="signoff-step">
          <h3 className="subhead">Reviewer</h3>
          {v.reviewer ? (
            <p className="ok-text" data-testid="reviewer-signed">
              ✓ {v.reviewer.name} · <span className="num">{fmtTs(v.reviewer.at)}</span>
            </p>
          ) : (
            <form
              className="signoff-form"
              onSubmit={(e) => {
                e.preventDefault();
                void signOff('reviewer', reviewer.trim());
              }}
            >
              <Field label="Name">
                <input
                  className="input"
                  name="reviewer"
                  value={reviewer}
                  onChange={(e) => setReviewer(e.target.value)}
                  disabled={v.status !== 'prepared'}
                  autoComplete="off"
                />
              </Field>
              <button type="submit" className="btn btn-primary" disabled={v.status !== 'prepared' || reviewer.trim() === ''}>
                Sign as reviewer
              </button>
            </form>
          )}
          {v.status === 'prepared' && reviewer.trim() !== '' && reviewer.trim() === v.preparer?.name ? (
            <p className="warn-text small">The reviewer must be someone other than the preparer.</p>
          ) : null}
        </div>
        {v.status !== 'open' ? (
          <form
            className="signoff-step"
            onSubmit={(e) => {
              e.preventDefault();
              void reopen(reason.trim()).then((ok) => ok && setReason(''));
            }}
          >
            <h3 className="subhead">Reopen</h3>
            <div className="signoff-form">
              <Field label="Reason (recorded)">
                <input className="input" name="reopen-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <button type="submit" className="btn" disabled={reason.trim() === ''}>
                Reopen
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </Panel>
  );
}
