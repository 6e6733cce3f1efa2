import type { SourceCoverage } from '../../../../shared/coverage/coverage';
import { DAY_MS, dayText } from '../../../../shared/coverage/days';
import { fmtInt } from '../../lib/format';

/** Windows up to this many days get a cell a day; longer ones a cell a week (weeks from the window's first day). */
export const DAY_CELLS_UP_TO = 400;

interface Cell {
  from: string;
  to: string;
  count: number;
  silentDays: number;
  days: number;
}

function cellsOf(c: SourceCoverage, firstDay: string): Cell[] {
  const start = Date.parse(`${firstDay}T00:00:00Z`) / DAY_MS;
  const per = c.counts.length <= DAY_CELLS_UP_TO ? 1 : 7;
  const out: Cell[] = [];
  for (let i = 0; i < c.counts.length; i += per) {
    const part = c.counts.slice(i, i + per);
    out.push({
      from: dayText(start + i),
      to: dayText(start + i + part.length - 1),
      count: part.reduce((a, b) => a + b, 0),
      silentDays: part.filter((n) => n === 0).length,
      days: part.length,
    });
  }
  return out;
}

/**
 * One source's records per day (or week) across the window as a strip of cells: darker for more records, a
 * silent day (or a week holding one) red. A picture only (role img, named): the silent days are named in
 * text beside it for screen readers and for anyone who does not tell the colours apart.
 */
export function CoverageStrip({ c, firstDay }: { c: SourceCoverage; firstDay: string }) {
  const cells = cellsOf(c, firstDay);
  const max = Math.max(1, ...cells.map((x) => x.count));
  const byWeek = cells.length > 0 && cells[0]!.days > 1;
  return (
    <svg
      className="cov-strip"
      viewBox={`0 0 ${cells.length * 10} 24`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${c.source.label}: records per ${byWeek ? 'week' : 'day'}, ${fmtInt(c.silentDays.length)} silent days of ${fmtInt(c.counts.length)}`}
      data-testid="coverage-strip"
      data-cells={byWeek ? 'week' : 'day'}
    >
      {cells.map((x, i) => {
        const level = x.silentDays > 0 ? 'silent' : `h${Math.min(4, Math.ceil((4 * x.count) / max))}`;
        const when = x.from === x.to ? x.from : `${x.from} – ${x.to}`;
        return (
          <rect
            key={x.from}
            className={`cov-cell cov-${level}`}
            x={i * 10}
            y={0}
            width={9}
            height={24}
            data-day={x.from}
            data-count={x.count}
            data-silent={x.silentDays > 0 ? 'true' : 'false'}
          >
            <title>{`${when}: ${fmtInt(x.count)} records${x.silentDays > 0 ? `; ${x.silentDays} silent day${x.silentDays === 1 ? '' : 's'}` : ''}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
