import { useEffect, useState } from 'react';
import type { SampleItem } from '../../../../shared/session';
import { useSampling } from '../../stores/sampling';
import { Kbd } from '../../components/Kbd';

/** Free-text notes, saved when the field is left or after a pause in typing; Esc returns to the keys. */
export function NotesField({ item, readOnly }: { item: SampleItem; readOnly: boolean }) {
  const update = useSampling((s) => s.updateItem);
  const [text, setText] = useState(item.notes);
  useEffect(() => setText(item.notes), [item.id, item.notes]);
  useEffect(() => {
    if (text === item.notes) return;
    const t = window.setTimeout(() => update(item.id, { notes: text }), 900);
    return () => window.clearTimeout(t);
  }, [text, item.id, item.notes, update]);
  return (
    <label className="field">
      <span className="field-label">
        Notes <Kbd>e</Kbd>
      </span>
      <textarea
        id="item-notes"
        className="input"
        rows={3}
        value={text}
        disabled={readOnly}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => text !== item.notes && update(item.id, { notes: text })}
        onKeyDown={(e) => {
          if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
        }}
        placeholder="What you inspected, and any exception"
      />
    </label>
  );
}
