import { useEffect, useState, type FormEvent } from 'react';
import { DISPOSITION_KINDS, DISPOSITION_LABELS, type DispositionKind } from '../../../../shared/analytics';
import type { ExceptionDetail } from '../../../../shared/analytics-view';
import { useAnalytics } from '../../stores/analytics';
import { Field } from '../../components/Field';
import { fmtTs } from '../../lib/format';
import { DispositionBadge } from './DispositionBadge';

const HINT: Record<DispositionKind, string> = {
  confirmed_deviation: 'The control did not operate: a deviation to evaluate (a note is optional).',
  explained: 'Not a deviation once explained: say what explains it.',
  false_positive: 'The rule flagged something it should not have: give the reason.',
};

/** The auditor's judgement on the exception: the kind, a note (required unless a confirmed deviation), and
 *  every earlier disposition with the activity-log entry that recorded it. */
export function DispositionForm({ detail }: { detail: ExceptionDetail }) {
  const dispose = useAnalytics((s) => s.dispose);
  const saving = useAnalytics((s) => s.saving);
  const current = detail.exception.disposition;
  const [kind, setKind] = useState<DispositionKind | null>(current?.kind ?? null);
  const [note, setNote] = useState(current?.note ?? '');
  useEffect(() => {
    setKind(current?.kind ?? null);
    setNote(current?.note ?? '');
  }, [detail.exception.key, current?.kind, current?.note]);
  const needsNote = kind !== null && kind !== 'confirmed_deviation';
  const ready = kind !== null && (!needsNote || note.trim() !== '');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (kind && ready) await dispose(kind, note.trim());
  };
  return (
    <div className="analytics-disposition" data-testid="disposition">
      <p>
        Current disposition: <DispositionBadge disposition={current} />{' '}
        {current ? (
          <span className="muted small" data-testid="disposition-by">
            by {current.by}, {fmtTs(current.at)}
            {current.note ? ` — “${current.note}”` : ''}
          </span>
        ) : null}
      </p>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="disposition-form">
        <fieldset className="fieldset">
          <legend className="fieldset-title">Disposition</legend>
          <div className="segmented">
            {DISPOSITION_KINDS.map((k) => (
              <label key={k} className={`segment${kind === k ? ' segment-on' : ''}`}>
                <input type="radio" name="disposition" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {DISPOSITION_LABELS[k]}
              </label>
            ))}
          </div>
          {kind ? <p className="muted small">{HINT[kind]}</p> : null}
        </fieldset>
        <Field
          label={kind === 'false_positive' ? 'Reason (required)' : kind === 'explained' ? 'Note (required)' : 'Note (optional)'}
          hint={needsNote && note.trim() === '' ? 'Required for this disposition.' : undefined}
        >
          <textarea className="input" name="disposition-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} required={needsNote} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!ready || saving} data-testid="save-disposition">
            Record disposition
          </button>
        </div>
      </form>
      {detail.history.length > 0 ? (
        <>
          <h4 className="subhead">History (recorded in the activity log)</h4>
          <ol className="analytics-history small" data-testid="disposition-history">
            {detail.history.map((d, i) => {
              const entry = detail.activity[i];
              return (
                <li key={i}>
                  <DispositionBadge disposition={d} /> {d.note ? `“${d.note}” ` : ''}
                  <span className="muted">
                    by {d.by}, {fmtTs(d.at)}
                    {entry ? ` · activity log entry #${entry.seq}` : ''}
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </div>
  );
}
