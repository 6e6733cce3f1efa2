// What the workpaper's cover says of the integrity grade of the sources its population names (#15): one line
// per source, its kind and grade (shared/source-grade.ts), and, when any source is custody only, a notice at
// the top of the cover that the sample was drawn from custody-only evidence. Kept apart from workpaper.ts,
// which only places these rows.
import type { SessionView } from '../../../shared/session';
import { GRADE_LABEL, custodyOnlyNotice } from '../../../shared/source-grade';
import { SOURCE_KINDS } from '../../../shared/source-kinds';

export interface CoverRow {
  label: string;
  value: string;
  warn: boolean;
}

/** The notice for the top of the cover, or null when no source of the population is custody only. */
export function custodyOnlyCoverRow(view: SessionView): CoverRow | null {
  const notice = custodyOnlyNotice(view.population.sources);
  return notice === null ? null : { label: 'Custody-only evidence', value: notice, warn: true };
}

/** "Source integrity grade": each source of the population, its kind and the grade that kind reaches. */
export function sourceGradeCoverRow(view: SessionView): CoverRow {
  const lines = view.population.sources.map((s) => `${s.label}: ${GRADE_LABEL[s.grade]} (${SOURCE_KINDS[s.kind].label})`);
  return {
    label: 'Source integrity grade',
    value: lines.length ? lines.join('\n') : 'no source',
    warn: view.population.sources.some((s) => s.grade !== 'producer-signed'),
  };
}
