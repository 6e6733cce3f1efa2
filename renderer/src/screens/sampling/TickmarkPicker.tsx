import type { SampleItem, TickmarkDef } from '../../../../shared/session';
import { useSampling } from '../../stores/sampling';
import { TickmarkSymbol } from '../../components/TickmarkSymbol';

/** Tickmarks from the engagement's legend, toggled per item. */
export function TickmarkPicker({ item, legend, readOnly }: { item: SampleItem; legend: TickmarkDef[]; readOnly: boolean }) {
  const update = useSampling((s) => s.updateItem);
  const toggle = (symbol: string): void => {
    const has = item.tickmarks.includes(symbol);
    update(item.id, { tickmarks: has ? item.tickmarks.filter((t) => t !== symbol) : [...item.tickmarks, symbol] });
  };
  return (
    <div className="tickmarks">
      <span className="field-label">Tickmarks</span>
      <div className="tickmark-row" role="group" aria-label="Tickmarks">
        {legend.map((t) => (
          <button
            key={t.symbol}
            type="button"
            className={`tickmark${item.tickmarks.includes(t.symbol) ? ' tickmark-on' : ''}`}
            aria-pressed={item.tickmarks.includes(t.symbol)}
            title={t.meaning}
            disabled={readOnly}
            onClick={() => toggle(t.symbol)}
          >
            <span className="tickmark-symbol">
              <TickmarkSymbol symbol={t.symbol} />
            </span>
            <span className="tickmark-meaning">{t.meaning}</span>
          </button>
        ))}
      </div>
    </div>
  );
}
