import type { AttributeResult } from '../../../../shared/session';

const G: Record<AttributeResult | 'none', { g: string; t: string }> = {
  pass: { g: '✓', t: 'pass' },
  deviation: { g: '✕', t: 'deviation' },
  na: { g: '–', t: 'n/a' },
  none: { g: '·', t: 'untested' },
};

export function ResultGlyph({ result }: { result: AttributeResult | undefined }) {
  const r = G[result ?? 'none'];
  return (
    <span className={`rg rg-${result ?? 'none'}`} title={r.t} aria-label={r.t}>
      {r.g}
    </span>
  );
}
