import { useEffect, useRef } from 'react';
import { useSampling } from '../../stores/sampling';
import { useScaledVirtualizer } from '../../lib/useScaledVirtualizer';
import { ResultGlyph } from './ResultGlyph';
import { fmtTs } from '../../lib/format';

const ROW = 30;

/** The sample's items (virtualized: a 100 % selection can list many), with a glyph per attribute result. */
export function ItemList() {
  const v = useSampling((s) => s.view);
  const focused = useSampling((s) => s.focusedItem);
  const focusItem = useSampling((s) => s.focusItem);
  const viewport = useRef<HTMLDivElement>(null);
  const count = v?.items.length ?? 0;
  const { virtualizer, spacerHeight, topOf } = useScaledVirtualizer({ count, rowHeight: ROW, viewport, overscan: 8 });
  useEffect(() => {
    if (count > 0) virtualizer.scrollToIndex(focused, { align: 'auto' });
  }, [focused, count, virtualizer]);
  if (!v) return null;
  return (
    <div className="panel item-list" aria-label="Sample items">
      <div className="item-list-head">
        <span>#</span>
        <span>Time · action · actor</span>
        <span className="item-attr-heads">
          {v.attributes.map((a, i) => (
            <span key={a.id} title={a.name}>
              A{i + 1}
            </span>
          ))}
        </span>
      </div>
      <div
        className="item-viewport"
        ref={viewport}
        role="listbox"
        aria-label="Items"
        aria-activedescendant={`item-${focused}`}
        tabIndex={0}
        data-testid="item-list"
      >
        <div className="vtable-spacer" style={{ height: spacerHeight }}>
          {virtualizer.getVirtualItems().map((vi) => {
            const it = v.items[vi.index]!;
            return (
              <div
                key={it.id}
                id={`item-${vi.index}`}
                role="option"
                aria-selected={vi.index === focused}
                className={`item-row${vi.index === focused ? ' item-row-focused' : ''}`}
                style={{ transform: `translateY(${topOf(vi)}px)` }}
                onMouseDown={() => focusItem(vi.index)}
                data-position={it.position}
              >
                <span className="num item-pos">{it.position}</span>
                <span className="item-sum">
                  <span className="num">{fmtTs(it.event.ts)}</span>
                  <span className="mono small">
                    {it.event.action} · {it.event.actorId}
                  </span>
                </span>
                <span className="item-results">
                  {v.attributes.map((a) => (
                    <ResultGlyph key={a.id} result={it.results[a.id]} />
                  ))}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
