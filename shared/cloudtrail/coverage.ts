// Interval arithmetic for coverage: which parts of the audit window the verified digests account for.
// Spans are half-open [fromMs, toMs) in epoch milliseconds; successive CloudTrail digests abut (one's
// digestStartTime is the previous one's digestEndTime), so touching spans merge.

export interface Span {
  fromMs: number;
  toMs: number;
}

/** The union of spans, sorted and merged (touching or overlapping spans become one). */
export function unionSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.toMs > s.fromMs).sort((a, b) => a.fromMs - b.fromMs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, s.toMs);
    else out.push({ ...s });
  }
  return out;
}

/** The parts of `window` that no span covers, in time order. */
export function uncoveredSpans(window: Span, covered: readonly Span[]): Span[] {
  const out: Span[] = [];
  let at = window.fromMs;
  for (const c of unionSpans(covered)) {
    if (c.toMs <= at) continue;
    if (c.fromMs >= window.toMs) break;
    if (c.fromMs > at) out.push({ fromMs: at, toMs: c.fromMs });
    at = Math.max(at, c.toMs);
  }
  if (at < window.toMs) out.push({ fromMs: at, toMs: window.toMs });
  return out;
}

/** CloudTrail delivers within about an hour; a newest digest ending sooner after the window than this leaves
 *  the window's last hours open to truncation. */
export const TAIL_MARGIN_MS = 3600_000;

/** The span after the window's end the newest digest should still reach, when it does not (else null). */
export function shortTail(newestEndMs: number, windowEndMs: number, marginMs = TAIL_MARGIN_MS): Span | null {
  return newestEndMs < windowEndMs + marginMs ? { fromMs: Math.max(newestEndMs, windowEndMs), toMs: windowEndMs + marginMs } : null;
}
