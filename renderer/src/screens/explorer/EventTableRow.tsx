import { memo } from 'react';
import type { EventRow } from '../../../../shared/api';
import { fmtTsCompact } from '../../lib/format';

export const EVENT_COLUMNS: { key: string; label: string; num?: boolean }[] = [
  { key: 'ts', label: 'Time (UTC)' },
  { key: 'stream', label: 'Stream' },
  { key: 'seq', label: 'Seq', num: true },
  { key: 'category', label: 'Category' },
  { key: 'action', label: 'Action' },
  { key: 'actor', label: 'Actor' },
  { key: 'target', label: 'Target' },
  { key: 'outcome', label: 'Outcome' },
];

/**
 * One row, absolutely placed by the virtualizer. Its vertical position is set through React's style
 * property, which writes the CSSOM (element.style) and is therefore allowed by the CSP's style-src 'self'.
 */
export const EventTableRow = memo(function EventTableRow({
  index,
  row,
  top,
  selected,
  onSelect,
}: {
  index: number;
  row: EventRow | undefined;
  top: number;
  selected: boolean;
  onSelect: (index: number) => void;
}) {
  return (
    <div
      id={`ev-row-${index}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      className={`vt-row vt-grid${selected ? ' vt-row-selected' : ''}${index % 2 ? ' vt-row-odd' : ''}${row ? '' : ' vt-row-loading'}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(index)}
      data-index={index}
    >
      {row ? (
        <>
          <div role="gridcell" className="vt-cell num">
            {fmtTsCompact(row.ts)}
          </div>
          <div role="gridcell" className="vt-cell">
            {row.stream}
          </div>
          <div role="gridcell" className="vt-cell num">
            {row.seq}
          </div>
          <div role="gridcell" className="vt-cell">
            {row.category}
          </div>
          <div role="gridcell" className="vt-cell mono">
            {row.action}
          </div>
          <div role="gridcell" className="vt-cell mono">
            {row.actorId}
          </div>
          <div role="gridcell" className="vt-cell mono">
            {row.target ?? ''}
          </div>
          <div role="gridcell" className={`vt-cell outcome-${row.outcome}`}>
            {row.outcome}
          </div>
        </>
      ) : (
        <div role="gridcell" className="vt-cell vt-loading">
          #{(index + 1).toLocaleString('en-US')} …
        </div>
      )}
    </div>
  );
});
