import type { AttributeResult, SampleItem } from '../../../../shared/session';
import { useSampling } from '../../stores/sampling';
import { Kbd } from '../../components/Kbd';

const CHOICES: { r: AttributeResult; label: string; key: string }[] = [
  { r: 'pass', label: 'Pass', key: 'p' },
  { r: 'deviation', label: 'Deviation', key: 'd' },
  { r: 'na', label: 'N/A', key: 'n' },
];

/** One row per attribute; the focused one takes the p / d / n keys. */
export function AttributeResults({ item, readOnly }: { item: SampleItem; readOnly: boolean }) {
  const attributes = useSampling((s) => s.view?.attributes) ?? [];
  const focused = useSampling((s) => s.focusedAttr);
  const focusAttr = useSampling((s) => s.focusAttr);
  const setResult = useSampling((s) => s.setResult);
  const itemIndex = useSampling((s) => s.focusedItem);
  return (
    <ol className="attr-list" aria-label="Attribute results">
      {attributes.map((a, i) => {
        const r = item.results[a.id];
        return (
          <li
            key={a.id}
            className={`attr-row${i === focused ? ' attr-focused' : ''}`}
            data-attr={i + 1}
            data-result={r ?? 'untested'}
            onMouseDown={() => focusAttr(i)}
          >
            <span className="attr-num" aria-hidden="true">
              {i + 1}
            </span>
            <span className="attr-name">{a.name}</span>
            <span className="attr-choices" role="radiogroup" aria-label={a.name}>
              {CHOICES.map((c) => (
                <button
                  key={c.r}
                  type="button"
                  role="radio"
                  aria-checked={r === c.r}
                  className={`choice choice-${c.r}${r === c.r ? ' choice-on' : ''}`}
                  disabled={readOnly}
                  onClick={() => {
                    focusAttr(i);
                    setResult(r === c.r ? null : c.r, itemIndex, i);
                  }}
                  title={i === focused ? `${c.label} (${c.key})` : c.label}
                >
                  {c.label}
                  {i === focused ? <Kbd>{c.key}</Kbd> : null}
                </button>
              ))}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
