// The integrity grade of the sources a population, a sample or a workpaper names (#15): one wording for the
// Populations and Sampling screens, the coverage report and the workpaper's cover. The grade is what the
// kind can reach (shared/source-kinds.ts); the verdict of the latest verification says whether it did, so
// the two are shown together and a producer-signed bundle nobody verified is not read as verified.
import { SOURCE_KINDS, type IntegrityGrade, type SourceKindId } from './source-kinds';

export const GRADE_LABEL: Readonly<Record<IntegrityGrade, string>> = {
  'producer-signed': 'producer-signed',
  'producer-chained': 'producer-chained, not independently verifiable',
  'custody-only': 'custody only',
};

/** A bundle row's kind as stored (bundles.kind), read safely: rows from before schema 7 are bundles. */
export function sourceKindOf(stored: string | null | undefined): SourceKindId {
  return stored != null && stored in SOURCE_KINDS ? (stored as SourceKindId) : 'tickmark-bundle';
}

export function gradeOf(kind: SourceKindId): IntegrityGrade {
  return SOURCE_KINDS[kind].integrity;
}

/** The weakest grade among sources (custody only is weakest), or null for none. */
export function weakestGrade(grades: readonly IntegrityGrade[]): IntegrityGrade | null {
  const order: IntegrityGrade[] = ['custody-only', 'producer-chained', 'producer-signed'];
  return order.find((g) => grades.includes(g)) ?? null;
}

/** What a sample drawn from custody-only sources must say of itself, or null when none of its sources is. */
export function custodyOnlyNotice(sources: readonly { grade: IntegrityGrade; label: string }[]): string | null {
  const custody = sources.filter((s) => s.grade === 'custody-only');
  if (custody.length === 0) return null;
  const all = custody.length === sources.length;
  return (
    `${all ? 'This sample is drawn from a custody-only population' : 'Part of this sample is drawn from custody-only sources'}` +
    ` (${custody.map((s) => s.label).join(', ')}): the producer gave no integrity to verify. Tickmark hashed the records on receipt, so` +
    ` they are shown unchanged since then, not that they are complete or authentic as the producer wrote them.`
  );
}
