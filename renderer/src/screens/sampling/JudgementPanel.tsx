import { useEffect, useState } from 'react';
import type { DeviationNature, SessionAttribute } from '../../../../shared/session';
import { useSampling } from '../../stores/sampling';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';

/** A text saved through `save` when the field is left and differs from what the engine holds. */
function SavedText({
  label,
  name,
  value,
  readOnly,
  save,
}: {
  label: string;
  name: string;
  value: string;
  readOnly: boolean;
  save: (text: string) => void;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Field label={label}>
      <textarea
        className="input"
        name={name}
        rows={2}
        value={text}
        disabled={readOnly}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => text.trim() !== value && save(text)}
      />
    </Field>
  );
}

function AttributeJudgement({ a, index, readOnly }: { a: SessionAttribute; index: number; readOnly: boolean }) {
  const change = useSampling((s) => s.change);
  return (
    <fieldset className="judgement-attr">
      <legend>
        A{index + 1} · {a.name}
      </legend>
      <SavedText
        label="What counts as a deviation"
        name={`deviation-definition-${index + 1}`}
        value={a.deviationDefinition ?? ''}
        readOnly={readOnly}
        save={(t) => void change('Could not save the deviation definition', 'setAttributeJudgement', { attributeId: a.id, deviationDefinition: t })}
      />
      <SavedText
        label="Conclusion on this attribute"
        name={`attribute-conclusion-${index + 1}`}
        value={a.conclusion ?? ''}
        readOnly={readOnly}
        save={(t) => void change('Could not save the conclusion', 'setAttributeJudgement', { attributeId: a.id, conclusion: t })}
      />
    </fieldset>
  );
}

/** Analysis of one deviation of the focused item: cause, nature, effect, saved together. */
function DeviationForm({ itemId, position, a, readOnly }: { itemId: number; position: number; a: SessionAttribute; readOnly: boolean }) {
  const change = useSampling((s) => s.change);
  const saved = useSampling((s) => s.view?.items.find((i) => i.id === itemId)?.deviationAnalyses?.[a.id]);
  const [cause, setCause] = useState(saved?.cause ?? '');
  const [nature, setNature] = useState<DeviationNature>(saved?.nature ?? 'error');
  const [effect, setEffect] = useState(saved?.effect ?? '');
  useEffect(() => {
    setCause(saved?.cause ?? '');
    setNature(saved?.nature ?? 'error');
    setEffect(saved?.effect ?? '');
  }, [saved, itemId]);
  return (
    <form
      className="judgement-attr"
      data-testid={`deviation-analysis-${a.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        void change('Could not save the analysis', 'setDeviationAnalysis', {
          itemId,
          attributeId: a.id,
          cause: cause.trim(),
          nature,
          effect: effect.trim(),
        });
      }}
    >
      <p className="subhead">
        Deviation: item {position}, {a.name}
      </p>
      <Field label="Cause">
        <input className="input" name="deviation-cause" value={cause} onChange={(e) => setCause(e.target.value)} disabled={readOnly} />
      </Field>
      <Field label="Nature">
        <select
          className="input"
          name="deviation-nature"
          value={nature}
          onChange={(e) => setNature(e.target.value as DeviationNature)}
          disabled={readOnly}
        >
          <option value="error">Error</option>
          <option value="fraud-indicator">Possible fraud (indicator)</option>
        </select>
      </Field>
      <Field label="Effect">
        <input className="input" name="deviation-effect" value={effect} onChange={(e) => setEffect(e.target.value)} disabled={readOnly} />
      </Field>
      <button type="submit" className="btn" disabled={readOnly || cause.trim() === '' || effect.trim() === ''}>
        {saved ? 'Update analysis' : 'Save analysis'}
      </button>
    </form>
  );
}

/** Test design and judgement: deviation definitions, analyses of the focused item's deviations, conclusions. */
export function JudgementPanel() {
  const v = useSampling((s) => s.view);
  const focused = useSampling((s) => s.focusedItem);
  const change = useSampling((s) => s.change);
  if (!v) return null;
  const readOnly = v.status !== 'open';
  const item = v.items[focused];
  const deviations = item && !item.replaced ? v.attributes.filter((a) => item.results[a.id] === 'deviation') : [];
  return (
    <Panel title="Test design and conclusions" id="judgement">
      {v.attributes.map((a, i) => (
        <AttributeJudgement key={a.id} a={a} index={i} readOnly={readOnly} />
      ))}
      {item
        ? deviations.map((a) => <DeviationForm key={`${item.id}-${a.id}`} itemId={item.id} position={item.position} a={a} readOnly={readOnly} />)
        : null}
      <SavedText
        label="Overall conclusion on the control"
        name="session-conclusion"
        value={v.conclusion.text}
        readOnly={readOnly}
        save={(t) => void change('Could not save the conclusion', 'setSessionConclusion', { sessionId: v.id, text: t })}
      />
    </Panel>
  );
}
