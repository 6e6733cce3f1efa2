// Collects findings with a cap per code: a stream where every record is broken must still produce a
// readable report in bounded memory, saying how many more of each kind there were.
import type { Finding, FindingCode, Verdict } from './types';

export class FindingList {
  readonly items: Finding[] = [];
  readonly suppressed: Partial<Record<FindingCode, number>> = {};
  private readonly perCode = new Map<FindingCode, number>();

  constructor(private readonly maxPerCode = 100) {}

  add(f: Finding): void {
    const n = this.perCode.get(f.code) ?? 0;
    this.perCode.set(f.code, n + 1);
    if (n < this.maxPerCode) this.items.push(f);
    else this.suppressed[f.code] = (this.suppressed[f.code] ?? 0) + 1;
  }

  has(code: FindingCode): boolean {
    return this.perCode.has(code);
  }

  count(code: FindingCode): number {
    return this.perCode.get(code) ?? 0;
  }
}

/** An error anywhere fails the item; unreadable input or no pinned signature leaves it unverifiable. */
export function verdictOf(findings: readonly Finding[], anchored: boolean): Verdict {
  if (findings.some((f) => f.severity === 'error' && f.code !== 'input-unreadable')) return 'failed';
  if (findings.some((f) => f.code === 'input-unreadable')) return 'unverifiable';
  return anchored ? 'verified' : 'unverifiable';
}

export function combineVerdicts(vs: readonly Verdict[]): Verdict {
  if (vs.includes('failed')) return 'failed';
  if (vs.includes('unverifiable')) return 'unverifiable';
  return 'verified';
}
