// Replacing an item of a drawn sample, or extending the sample, from the same seeded stream
// (docs/sampling-algorithm.md §4.5, the rule a reviewer re-performs; AICPA Audit Sampling guide: a voided or
// out-of-scope item is replaced by the next item of the random selection, and a sample may be extended).
//
// The stream resumes at the word where the previous drawing stopped: position P is the selection's draws.to,
// or the draws.to of the latest item added since. Members already in the sample (replaced ones included) are
// never drawn again.
//   In a range [start, start + count) — the whole population for simple random and systematic selections, the
//   replaced item's stratum for a stratified one: repeat j = nextBelow(count); the member start + j is taken
//   unless it is in the sample (or was taken a moment ago); stop when k are taken.
//   Extension by k of a stratified sample: the k items are shared among the strata by largest remainder in
//   proportion to N_h (the proportional allocation of §4), then drawn stratum by stratum in the strata's order.
import { SamplingError, requireInteger } from './errors';
import { SeededRandom } from './prng';
import { largestRemainder, type Stratum } from './select';

export interface AddedDraw {
  /** population index of the member drawn */
  index: number;
  /** the stratum it was drawn in (null when the whole population was the range) */
  stratum: string | null;
  /** the stream words this draw consumed, [from, to), rejected words and repeats included */
  from: number;
  to: number;
}

/** The stream of `seed` advanced past its first `position` words, ready to continue a drawing. */
export function resumeStream(seed: string, position: number): SeededRandom {
  requireInteger(position, 'The stream position', 0);
  const rng = new SeededRandom(seed);
  for (let i = 0; i < position; i++) rng.nextWord();
  return rng;
}

/** `k` members of [start, start + count) not in `taken`, in draw order; `taken` gains them. */
export function drawMore(
  rng: SeededRandom,
  range: { label: string | null; start: number; count: number },
  k: number,
  taken: Set<number>,
): AddedDraw[] {
  requireInteger(k, 'The number of items to add', 0);
  let inRange = 0;
  for (const i of taken) if (i >= range.start && i < range.start + range.count) inRange++;
  const left = range.count - inRange;
  if (k > left) {
    const where = range.label === null ? 'the population' : `stratum ${range.label}`;
    throw new SamplingError(
      'sample-exceeds-population',
      `Only ${left.toLocaleString('en-US')} member${left === 1 ? '' : 's'} of ${where} ${left === 1 ? 'is' : 'are'} not in the sample yet; ${k.toLocaleString('en-US')} cannot be added.`,
    );
  }
  const out: AddedDraw[] = [];
  while (out.length < k) {
    const from = rng.drawsUsed;
    let index: number;
    do index = range.start + rng.nextBelow(range.count);
    while (taken.has(index));
    taken.add(index);
    out.push({ index, stratum: range.label, from, to: rng.drawsUsed });
  }
  return out;
}

/** Shares of an extension by `k` among strata: largest remainder in proportion to each stratum's size. */
export function extensionShares(strata: Stratum[], k: number): number[] {
  return largestRemainder(
    k,
    strata.map((s) => s.count),
  );
}
