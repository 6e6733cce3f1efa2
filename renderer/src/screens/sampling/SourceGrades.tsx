import type { PopulationSource } from '../../../../shared/session';
import { GradeBadge } from '../../components/GradeBadge';

/** The sources a population names, each with the integrity grade of its kind (#15): "Sources: acme (bundle #1) producer-signed". */
export function SourceGrades({ sources }: { sources: readonly PopulationSource[] }) {
  if (sources.length === 0) return null;
  return (
    <div className="small source-grades" data-testid="source-grades">
      <span className="muted">Source{sources.length === 1 ? '' : 's'}: </span>
      {sources.map((s, i) => (
        <span key={s.bundleId} data-testid="source-grade" data-bundle={s.bundleId} data-grade={s.grade}>
          {i > 0 ? ' · ' : ''}
          {s.label} <GradeBadge grade={s.grade} />
        </span>
      ))}
    </div>
  );
}
