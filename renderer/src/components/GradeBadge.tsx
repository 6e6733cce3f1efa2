import type { IntegrityGrade } from '../../../shared/source-kinds';
import { GRADE_LABEL } from '../../../shared/source-grade';

/** The integrity grade a source's kind can reach, as words (shared/source-grade.ts), beside its verdict. */
export function GradeBadge({ grade }: { grade: IntegrityGrade }) {
  return (
    <span className={`badge grade grade-${grade}`} data-grade={grade} title={`Integrity grade: ${GRADE_LABEL[grade]}`}>
      {GRADE_LABEL[grade]}
    </span>
  );
}
