import { useState } from 'react';
import type { ReviewNote } from '../../../../shared/session';
import { useSampling } from '../../stores/sampling';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';
import { fmtTs } from '../../lib/format';

function NoteActions({ note }: { note: ReviewNote }) {
  const change = useSampling((s) => s.change);
  const [answer, setAnswer] = useState('');
  const [by, setBy] = useState('');
  if (note.cleared) return null;
  return (
    <form
      className="signoff-form"
      onSubmit={(e) => {
        e.preventDefault();
        void change('Could not answer the note', 'answerReviewNote', { noteId: note.id, text: answer.trim(), by: by.trim() }).then(
          (ok) => ok && setAnswer(''),
        );
      }}
    >
      <Field label="Answer">
        <input className="input" name={`answer-${note.id}`} value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </Field>
      <Field label="Your name">
        <input className="input" name={`note-by-${note.id}`} value={by} onChange={(e) => setBy(e.target.value)} autoComplete="name" />
      </Field>
      <button type="submit" className="btn" disabled={answer.trim() === '' || by.trim() === ''}>
        Answer
      </button>
      <button
        type="button"
        className="btn"
        disabled={!note.answer || by.trim() === ''}
        onClick={() => void change('Could not clear the note', 'clearReviewNote', { noteId: note.id, by: by.trim() })}
      >
        Clear
      </button>
    </form>
  );
}

/** Review notes (raised by a reviewer, answered by the preparer, cleared by a reviewer) and edits after review. */
export function ReviewPanel() {
  const v = useSampling((s) => s.view);
  const focused = useSampling((s) => s.focusedItem);
  const change = useSampling((s) => s.change);
  const [text, setText] = useState('');
  const [by, setBy] = useState('');
  const [onItem, setOnItem] = useState(false);
  if (!v) return null;
  const item = v.items[focused];
  return (
    <Panel title="Review notes" id="review">
      <ul className="review-notes" data-testid="review-notes">
        {v.reviewNotes.map((n) => (
          <li key={n.id} data-note={n.id} data-state={n.cleared ? 'cleared' : n.answer ? 'answered' : 'open'}>
            <p>
              <strong>#{n.id}</strong> {n.item ? `item ${n.item.position}` : 'session'} · {n.cleared ? 'cleared' : n.answer ? 'answered' : 'open'}
            </p>
            <p>{n.text}</p>
            <p className="muted small">
              {n.raised.name} · <span className="num">{fmtTs(n.raised.at)}</span>
            </p>
            {n.answer ? (
              <p className="small">
                ↳ {n.answer.text} <span className="muted">({n.answer.name})</span>
              </p>
            ) : null}
            {n.cleared ? (
              <p className="ok-text small">
                ✓ cleared by {n.cleared.name} · <span className="num">{fmtTs(n.cleared.at)}</span>
              </p>
            ) : null}
            <NoteActions note={n} />
          </li>
        ))}
      </ul>
      {v.editsAfterReview.length > 0 && v.lastReview ? (
        <p className="warn-text small" data-testid="edited-after-review">
          {v.editsAfterReview.length} change{v.editsAfterReview.length === 1 ? '' : 's'} after the review by {v.lastReview.name}.
        </p>
      ) : null}
      <form
        className="signoff-form"
        data-testid="raise-note"
        onSubmit={(e) => {
          e.preventDefault();
          void change('Could not raise the note', 'raiseReviewNote', {
            sessionId: v.id,
            itemPosition: onItem && item ? item.position : null,
            text: text.trim(),
            by: by.trim(),
          }).then((ok) => ok && setText(''));
        }}
      >
        <Field label="New note">
          <input className="input" name="review-note" value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
        <Field label="Reviewer">
          <input className="input" name="review-note-by" value={by} onChange={(e) => setBy(e.target.value)} autoComplete="off" />
        </Field>
        <label className="check">
          <input type="checkbox" name="review-note-on-item" checked={onItem} onChange={(e) => setOnItem(e.target.checked)} /> on item{' '}
          {item?.position ?? ''}
        </label>
        <button type="submit" className="btn" disabled={text.trim() === '' || by.trim() === ''}>
          Raise note
        </button>
      </form>
    </Panel>
  );
}
