import type { Severity } from '../../../shared/types';

export function SeverityTag({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Info'}</span>;
}
