import { useEffect } from 'react';
import type { SampleItem } from '../../../../shared/session';
import { useSampling } from '../../stores/sampling';
import { useEvidence } from '../../stores/evidence';

/** Link evidence files of the item's bundle to the item. */
export function EvidenceLinks({ item, readOnly }: { item: SampleItem; readOnly: boolean }) {
  const items = useEvidence((s) => s.items);
  const load = useEvidence((s) => s.load);
  const update = useSampling((s) => s.updateItem);
  useEffect(() => {
    if (items === null) void load();
  }, [items, load]);
  const files = (items ?? []).filter((e) => e.bundleId === item.event.bundleId);
  if (files.length === 0) return null;
  const toggle = (path: string): void => {
    const has = item.evidence.includes(path);
    update(item.id, { evidence: has ? item.evidence.filter((p) => p !== path) : [...item.evidence, path] });
  };
  return (
    <fieldset className="fieldset evidence-links">
      <legend className="field-label">Evidence</legend>
      {files.map((f) => (
        <label key={f.path} className="check">
          <input type="checkbox" checked={item.evidence.includes(f.path)} disabled={readOnly} onChange={() => toggle(f.path)} />
          <span className="mono small">{f.path}</span>
          {f.controls.length ? <span className="muted small"> · {f.controls.join(', ')}</span> : null}
        </label>
      ))}
    </fieldset>
  );
}
