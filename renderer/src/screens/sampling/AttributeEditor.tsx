import { useSessionDraft } from '../../stores/session-draft';

/** The attributes each item is tested for; one result per attribute per item. */
export function AttributeEditor() {
  const attributes = useSessionDraft((s) => s.draft.attributes);
  const set = useSessionDraft((s) => s.set);
  const update = (i: number, v: string): void =>
    set(
      'attributes',
      attributes.map((a, j) => (j === i ? v : a)),
    );
  return (
    <div className="attr-editor">
      <span className="field-label">Test attributes</span>
      <ol className="attr-edit-list">
        {attributes.map((a, i) => (
          <li key={i} className="attr-edit-row">
            <span className="attr-num" aria-hidden="true">
              {i + 1}
            </span>
            <input
              className="input"
              aria-label={`Attribute ${i + 1}`}
              name={`attribute-${i + 1}`}
              value={a}
              onChange={(e) => update(i, e.target.value)}
            />
            <button
              type="button"
              className="btn btn-ghost btn-sm"
              onClick={() =>
                set(
                  'attributes',
                  attributes.filter((_, j) => j !== i),
                )
              }
              disabled={attributes.length < 2}
              aria-label={`Remove attribute ${i + 1}`}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-sm" onClick={() => set('attributes', [...attributes, ''])} disabled={attributes.length >= 9}>
        Add attribute
      </button>
    </div>
  );
}
