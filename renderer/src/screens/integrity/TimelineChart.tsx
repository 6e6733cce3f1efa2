import type { KeyboardEvent } from 'react';
import type { Timeline } from '../../../../shared/api';
import { useIntegrity } from '../../stores/integrity';
import { fmtInt } from '../../lib/format';

const W = 1000;
const H = 150;
const X0 = 46;
const X1 = W - 8;
const Y0 = 16;
const Y1 = H - 22;

function ticks(t0: number, t1: number): { t: number; label: string }[] {
  const out: { t: number; label: string }[] = [];
  const span = t1 - t0;
  if (span > 60 * 86_400_000) {
    const d = new Date(t0);
    let y = d.getUTCFullYear();
    let m = d.getUTCMonth();
    if (Date.UTC(y, m, 1) < t0) m++;
    for (;;) {
      if (m > 11) {
        m = 0;
        y++;
      }
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      out.push({ t, label: new Date(t).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' }) + (m === 0 || out.length === 0 ? ` ${y}` : '') });
      m++;
    }
    return out;
  }
  for (let i = 0; i <= 6; i++) {
    const t = t0 + (span * i) / 6;
    out.push({ t, label: new Date(t).toISOString().slice(5, 16).replace('T', ' ') });
  }
  return out;
}

/**
 * Stacked bars per bucket (SVG attributes only: nothing needs an inline style). The chart is a named group, not
 * an image: an image's children are hidden from assistive technology, and its marks are buttons.
 */
export function TimelineChart({ timeline }: { timeline: Timeline }) {
  const inspect = useIntegrity((s) => s.inspectFinding);
  const { buckets, streams, marks } = timeline;
  const t0 = Date.parse(buckets[0]!.start);
  const t1 = Date.parse(buckets[buckets.length - 1]!.end);
  const x = (t: number): number => X0 + ((Math.min(t1, Math.max(t0, t)) - t0) / Math.max(1, t1 - t0)) * (X1 - X0);
  const totals = buckets.map((b) => streams.reduce((n, s) => n + (b.counts[s] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const y = (n: number): number => Y1 - (n / max) * (Y1 - Y0);
  const bw = (X1 - X0) / buckets.length;
  const onKey = (e: KeyboardEvent, act: () => void): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      act();
    }
  };
  const total = totals.reduce((a, b) => a + b, 0);
  const empty = totals.filter((n) => n === 0).length;
  return (
    <svg
      className="timeline"
      viewBox={`0 0 ${W} ${H}`}
      role="group"
      aria-label={`${fmtInt(total)} events in ${buckets.length} intervals; ${empty} intervals without any event; ${marks.length} marks`}
      data-testid="timeline"
    >
      <line className="tl-axis" x1={X0} x2={X1} y1={Y1} y2={Y1} />
      <text className="tl-label" x={X0 - 6} y={Y0 + 4} textAnchor="end">
        {fmtInt(max)}
      </text>
      <text className="tl-label" x={X0 - 6} y={Y1} textAnchor="end">
        0
      </text>
      <line className="tl-grid" x1={X0} x2={X1} y1={Y0} y2={Y0} />
      {ticks(t0, t1).map((tk) => (
        <g key={tk.t}>
          <line className="tl-tick" x1={x(tk.t)} x2={x(tk.t)} y1={Y1} y2={Y1 + 4} />
          <text className="tl-label" x={x(tk.t)} y={H - 6} textAnchor="middle">
            {tk.label}
          </text>
        </g>
      ))}
      {buckets.map((b, i) => {
        let acc = 0;
        return (
          <g key={b.start}>
            <title>{`${b.start.slice(0, 16).replace('T', ' ')} – ${b.end.slice(0, 16).replace('T', ' ')}: ${fmtInt(totals[i] ?? 0)} events${streams.map((s) => `\n${s}: ${fmtInt(b.counts[s] ?? 0)}`).join('')}`}</title>
            {totals[i] === 0 ? <rect className="tl-zero" x={X0 + i * bw} y={Y1 - 2} width={Math.max(1, bw - 1)} height={2} /> : null}
            {streams.map((s, si) => {
              const n = b.counts[s] ?? 0;
              if (n === 0) return null;
              const top = y(acc + n);
              const h = y(acc) - top;
              acc += n;
              return (
                <rect
                  key={s}
                  className={`tl-bar tl-s${si % 6}`}
                  x={X0 + i * bw + 0.5}
                  y={top}
                  width={Math.max(1, bw - 1)}
                  height={Math.max(0.5, h)}
                />
              );
            })}
          </g>
        );
      })}
      {marks.map((m, i) => {
        const act = (): void => void inspect(m.finding, m.stream);
        const label = `${m.kind === 'silent' ? 'Silent interval' : 'Integrity break'} in ${m.stream}: ${m.finding.message}`;
        if (m.kind === 'silent') {
          const a = x(Date.parse(m.start));
          const z = x(Date.parse(m.end));
          return (
            <g key={i} className="tl-mark" role="button" tabIndex={0} aria-label={label} onClick={act} onKeyDown={(e) => onKey(e, act)}>
              <title>{label}</title>
              <rect className="tl-silent" x={a} y={Y0} width={Math.max(2, z - a)} height={Y1 - Y0} />
            </g>
          );
        }
        const bx = x(Date.parse(m.start));
        return (
          <g key={i} className="tl-mark" role="button" tabIndex={0} aria-label={label} onClick={act} onKeyDown={(e) => onKey(e, act)}>
            <title>{label}</title>
            <line className="tl-break" x1={bx} x2={bx} y1={Y0 - 2} y2={Y1} />
            <path className="tl-break-head" d={`M ${bx - 5} ${Y0 - 12} L ${bx + 5} ${Y0 - 12} L ${bx} ${Y0 - 3} Z`} />
            <rect className="tl-hit" x={bx - 6} y={Y0 - 14} width={12} height={Y1 - Y0 + 14} />
          </g>
        );
      })}
    </svg>
  );
}
