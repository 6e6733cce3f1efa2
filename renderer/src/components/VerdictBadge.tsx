import type { Verdict } from '../../../shared/types';

export type VerdictLike = Verdict | 'not-verified' | null;

const LABEL: Record<string, { text: string; glyph: string }> = {
  verified: { text: 'Verified', glyph: '✓' },
  failed: { text: 'Failed', glyph: '✕' },
  unverifiable: { text: 'Unverifiable', glyph: '?' },
  'not-verified': { text: 'Not verified', glyph: '–' },
};

/** The verdict as text, a glyph and a colour, so it reads without colour too. */
export function VerdictBadge({ verdict, large = false }: { verdict: VerdictLike; large?: boolean }) {
  const v = verdict ?? 'not-verified';
  const l = LABEL[v] ?? LABEL['not-verified']!;
  return (
    <span className={`badge badge-${v}${large ? ' badge-lg' : ''}`} data-verdict={v}>
      <span aria-hidden="true" className="badge-glyph">
        {l.glyph}
      </span>
      {l.text}
    </span>
  );
}
