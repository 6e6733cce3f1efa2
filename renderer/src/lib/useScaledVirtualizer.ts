// @tanstack/react-virtual over a ScaledScrollElement: fixed-height rows, any count (millions included).
import { useCallback, useMemo, useState, type RefObject } from 'react';
import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual';
import { ScaledScrollElement } from './scaled-scroll';

export interface ScaledVirtualizer {
  virtualizer: Virtualizer<Element, Element>;
  /** height of the real spacer element, px */
  spacerHeight: number;
  /** where to draw an item inside the spacer, px from its top */
  topOf: (item: VirtualItem) => number;
}

export function useScaledVirtualizer(opts: {
  count: number;
  rowHeight: number;
  viewport: RefObject<HTMLElement | null>;
  overscan?: number;
}): ScaledVirtualizer {
  const { count, rowHeight, viewport } = opts;
  const virtualHeight = count * rowHeight;
  const [adapterHolder] = useState<{ el: HTMLElement | null; adapter: ScaledScrollElement | null; height: number }>(() => ({
    el: null,
    adapter: null,
    height: 0,
  }));
  adapterHolder.height = virtualHeight;
  const getScrollElement = useCallback((): Element | null => {
    const el = viewport.current;
    if (!el) return null;
    if (adapterHolder.el !== el || !adapterHolder.adapter) {
      adapterHolder.el = el;
      adapterHolder.adapter = new ScaledScrollElement(el, () => adapterHolder.height);
    }
    // the adapter implements the members of Element the virtualizer uses
    return adapterHolder.adapter as unknown as Element;
  }, [viewport, adapterHolder]);

  const virtualizer = useVirtualizer<Element, Element>({
    count,
    getScrollElement,
    estimateSize: () => rowHeight,
    overscan: opts.overscan ?? 12,
    initialRect: { width: 800, height: 600 },
    observeElementRect: (_instance, cb) => {
      const el = viewport.current;
      if (!el) return;
      const report = (): void => cb({ width: el.clientWidth, height: el.clientHeight });
      report();
      const ro = new ResizeObserver(report);
      ro.observe(el);
      return () => ro.disconnect();
    },
  });

  const spacerHeight = ScaledScrollElement.realHeight(virtualHeight);
  const topOf = useMemo(
    () =>
      (item: VirtualItem): number => {
        const a = adapterHolder.adapter;
        if (!a) return item.start;
        const real = a.el.scrollTop;
        return Math.round(item.start - a.toVirtual(real) + real);
      },
    [adapterHolder],
  );
  return { virtualizer, spacerHeight, topOf };
}
