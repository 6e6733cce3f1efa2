import type { VerificationReport } from '../../../../shared/types';
import { Panel } from '../../components/Panel';
import { FindingList } from './FindingList';

/** Findings about the bundle as a whole: the manifest and its signature, unlisted files. */
export function GeneralFindings({ report }: { report: VerificationReport }) {
  const findings = [...report.manifest.findings, ...report.findings];
  if (findings.length === 0) return null;
  return (
    <Panel title="Bundle and manifest" id="general-findings">
      <FindingList findings={findings} />
    </Panel>
  );
}
