// Cell values: text clipped to what a cell holds, real Excel dates, and the fingerprints that tie a row
// and a sample to the session they were exported from.
import { createHash } from 'node:crypto';
import type { SampleItem, SessionView } from '../../../shared/session';
import { parseRfc3339 } from '../../../shared/time';

/** Excel's limit on the characters of one cell. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Text as it can live in a cell: line ends as \n, characters XML 1.0 cannot carry (and lone surrogates) as
 * U+FFFD, cut to Excel's cell limit with a note. The import compares key cells with this same form.
 */
export function cellText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  let t = s
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  if (t.length > MAX_CELL_CHARS) {
    const tail = ` … [cut: ${s.length.toLocaleString('en-US')} characters in full]`;
    let cut = MAX_CELL_CHARS - tail.length;
    if (/[\uD800-\uDBFF]/.test(t.charAt(cut - 1))) cut--;
    t = t.slice(0, cut) + tail;
  }
  return t;
}

export const textOrNull = (s: string | null | undefined): string | null => {
  const t = cellText(s);
  return t === '' ? null : t;
};

/** An RFC 3339 timestamp as a JS Date (UTC), or null when it is absent or not RFC 3339. */
export function dateOf(ts: string | null | undefined): Date | null {
  if (!ts) return null;
  const ms = parseRfc3339(ts);
  return ms === null ? null : new Date(ms);
}

/** A timestamp cell: an Excel date when it parses, else the text as given. */
export function dateValue(ts: string | null | undefined): Date | string | null {
  if (!ts) return null;
  return dateOf(ts) ?? cellText(ts);
}

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The per-row fingerprint written in the Sample sheet's hidden "Row fingerprint" column. */
export function rowFingerprint(view: SessionView, item: SampleItem): string {
  const e = item.event;
  return sha256(
    JSON.stringify([
      'tickmark-workpaper-row/1',
      view.id,
      view.seed,
      view.population.digest,
      item.id,
      item.position,
      item.populationIndex,
      item.stratum,
      e.id,
      e.bundleId,
      e.stream,
      e.seq,
      e.ts,
      sha256(e.raw),
    ]),
  );
}

/** SHA-256 over "<item id>:<position>\n" of every item in position order: the sample's membership. */
export function itemsDigest(view: SessionView): string {
  return sha256(
    [...view.items]
      .sort((a, b) => a.position - b.position)
      .map((i) => `${i.id}:${i.position}\n`)
      .join(''),
  );
}

export const STATUS_TEXT: Record<SessionView['status'], string> = {
  open: 'Open (not signed off)',
  prepared: 'Prepared (awaiting review)',
  reviewed: 'Reviewed',
};

export const METHOD_TEXT: Record<string, string> = {
  binomial: 'Binomial (AICPA Audit Sampling Guide, Tables A-1 to A-4)',
  hypergeometric: 'Hypergeometric (finite population, without replacement)',
  poisson: 'Poisson (approximation to the binomial)',
  census: 'Census: 100 % of the population tested, no sampling risk',
};

export const SELECTION_TEXT: Record<string, string> = {
  'simple-random': 'Simple random selection without replacement',
  systematic: 'Systematic selection with a random start',
  stratified: 'Stratified random selection',
  all: '100% selection (every item of the population)',
};
