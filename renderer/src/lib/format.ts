// Display formatting: tabular numbers, sizes, durations, timestamps (always UTC, as the logs are).
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : int.format(n);
}

export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${int.format(n)} B`;
  if (n < 1024 * 1024) return `${dec1.format(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${dec1.format(n / 1024 / 1024)} MB`;
  return `${dec1.format(n / 1024 / 1024 / 1024)} GB`;
}

export function fmtRate(perSecond: number | null, unit: string): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return '—';
  return `${perSecond >= 100 ? int.format(perSecond) : dec1.format(perSecond)} ${unit}`;
}

export function fmtDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "2026-03-14 09:26:53Z" from an RFC 3339 timestamp (kept as written; the logs are UTC). */
export function fmtTs(ts: string | null | undefined): string {
  if (!ts) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  return m ? `${m[1]} ${m[2]}${m[4] === 'Z' ? 'Z' : m[4]}` : ts;
}

/** "2026-03-14 09:26:53" for dense tables whose header says UTC. */
export function fmtTsCompact(ts: string | null | undefined): string {
  const s = fmtTs(ts);
  return s.endsWith('Z') ? s.slice(0, -1) : s;
}

export function fmtDate(ts: string | null | undefined): string {
  if (!ts) return '—';
  return ts.slice(0, 10);
}

export function fmtPct(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** The first and last characters of a hash, for tight cells; the full value goes in the title. */
export function shortHash(h: string | null | undefined, n = 10): string {
  if (!h) return '—';
  return h.length <= n * 2 + 1 ? h : `${h.slice(0, n)}…${h.slice(-4)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}
