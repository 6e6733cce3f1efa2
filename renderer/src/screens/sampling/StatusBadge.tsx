import type { SessionStatus } from '../../../../shared/session';

const TEXT: Record<SessionStatus, string> = { open: 'Open', prepared: 'Prepared', reviewed: 'Reviewed' };

export function StatusBadge({ status }: { status: SessionStatus }) {
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {TEXT[status]}
    </span>
  );
}
