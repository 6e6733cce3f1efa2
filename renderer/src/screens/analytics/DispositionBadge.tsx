import { DISPOSITION_LABELS, type Disposition } from '../../../../shared/analytics';

/** The current disposition in words and colour (none yet: "open"). */
export function DispositionBadge({ disposition }: { disposition: Disposition | null }) {
  if (!disposition)
    return (
      <span className="badge badge-not-verified" data-disposition="open">
        Open
      </span>
    );
  const cls =
    disposition.kind === 'confirmed_deviation' ? 'badge-failed' : disposition.kind === 'explained' ? 'badge-unverifiable' : 'badge-verified';
  return (
    <span className={`badge ${cls}`} data-disposition={disposition.kind}>
      {DISPOSITION_LABELS[disposition.kind]}
    </span>
  );
}
