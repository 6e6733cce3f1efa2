import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useExplorer } from '../../stores/explorer';
import { useScaledVirtualizer } from '../../lib/useScaledVirtualizer';
import { EventTableRow, EVENT_COLUMNS } from './EventTableRow';

export const ROW_HEIGHT = 26;

/**
 * The events matching the filter, virtualized: only the rows in view are in the DOM, and only their pages
 * are fetched. Arrow keys, j/k, Page Up/Down, Home/End move the selection.
 */
export function EventTable() {
  const total = useExplorer((s) => s.total) ?? 0;
  const generation = useExplorer((s) => s.generation);
  useExplorer((s) => s.pagesVersion);
  const rowAt = useExplorer((s) => s.rowAt);
  const ensureRange = useExplorer((s) => s.ensureRange);
  const selected = useExplorer((s) => s.selectedIndex);
  const select = useExplorer((s) => s.select);
  const viewport = useRef<HTMLDivElement>(null);
  const { virtualizer, spacerHeight, topOf } = useScaledVirtualizer({ count: total, rowHeight: ROW_HEIGHT, viewport });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const scrolling = virtualizer.isScrolling;

  useEffect(() => {
    if (total === 0) return;
    const t = window.setTimeout(() => ensureRange(first, last), scrolling ? 90 : 0);
    return () => window.clearTimeout(t);
  }, [first, last, total, generation, scrolling, ensureRange]);

  useEffect(() => {
    viewport.current?.scrollTo({ top: 0 });
  }, [generation]);

  const moveTo = (i: number): void => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, i));
    select(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const pageRows = Math.max(1, Math.floor((viewport.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const cur = selected ?? -1;
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(cur + 1),
      j: () => moveTo(cur + 1),
      ArrowUp: () => moveTo(cur <= 0 ? 0 : cur - 1),
      k: () => moveTo(cur <= 0 ? 0 : cur - 1),
      PageDown: () => moveTo(cur + pageRows),
      PageUp: () => moveTo(cur - pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(total - 1),
    };
    const act = keys[e.key];
    if (act && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      act();
    }
  };

  return (
    <div className="vtable" data-testid="event-table">
      <div className="vtable-head vt-grid" role="presentation">
        {EVENT_COLUMNS.map((c) => (
          <div key={c.key} className={`vt-cell vt-h${c.num ? ' num' : ''}`}>
            {c.label}
          </div>
        ))}
      </div>
      <div
        className="vtable-viewport"
        ref={viewport}
        tabIndex={0}
        role="grid"
        aria-label="Events"
        aria-rowcount={total}
        aria-activedescendant={selected !== null ? `ev-row-${selected}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="event-viewport"
      >
        <div className="vtable-spacer" style={{ height: spacerHeight }}>
          {items.map((it) => (
            <EventTableRow key={it.key} index={it.index} row={rowAt(it.index)} top={topOf(it)} selected={it.index === selected} onSelect={select} />
          ))}
        </div>
        {total === 0 ? <div className="vtable-empty">No events match this filter.</div> : null}
      </div>
    </div>
  );
}
