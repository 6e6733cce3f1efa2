import { useEffect } from 'react';
import { useEvidence } from '../../stores/evidence';
import { useDataVersion } from '../../stores/data-version';
import { EvidenceTable } from './EvidenceTable';
import { EvidencePreviewPane } from './EvidencePreviewPane';

/** The vendor's evidence files with their hash status, and a preview of the selected one. */
export function EvidenceScreen() {
  const version = useDataVersion((s) => s.version);
  const load = useEvidence((s) => s.load);
  useEffect(() => {
    void load();
  }, [version, load]);
  return (
    <div className="screen screen-fill" data-testid="screen-evidence">
      <div className="screen-head">
        <h1>Evidence</h1>
      </div>
      <div className="evidence-split">
        <EvidenceTable />
        <EvidencePreviewPane />
      </div>
    </div>
  );
}
