import type { EventFilter } from '../../../../shared/types';
import { fmtTs } from '../../lib/format';

/** A filter as readable chips ("all events" when empty). */
export function FilterSummary({ filter }: { filter: EventFilter }) {
  const parts: string[] = [];
  if (filter.from || filter.to) parts.push(`time ${filter.from ? fmtTs(filter.from) : '…'} – ${filter.to ? fmtTs(filter.to) : '…'}`);
  if (filter.streams?.length) parts.push(`stream ${filter.streams.join(', ')}`);
  if (filter.categories?.length) parts.push(`category ${filter.categories.join(', ')}`);
  if (filter.actions?.length) parts.push(`action ${filter.actions.join(', ')}`);
  if (filter.actors?.length) parts.push(`actor ${filter.actors.join(', ')}`);
  if (filter.outcome) parts.push(`outcome ${filter.outcome}`);
  if (filter.text) parts.push(`text “${filter.text}”`);
  if (filter.bundleIds?.length) parts.push(`bundle ${filter.bundleIds.join(', ')}`);
  if (filter.exceptions) parts.push(`events referenced by the exceptions of ${filter.exceptions.rule}, analytics run #${filter.exceptions.runId}`);
  if (parts.length === 0) return <span className="muted">All events of the engagement</span>;
  return (
    <span className="chips">
      {parts.map((p) => (
        <span key={p} className="chip chip-static">
          {p}
        </span>
      ))}
    </span>
  );
}
