import { useEffect } from 'react';
import { useBundles } from '../../stores/engagement';
import { useIntegrity } from '../../stores/integrity';
import { useDataVersion } from '../../stores/data-version';
import { useNav } from '../../stores/nav';
import { Empty } from '../../components/Empty';
import { BundleTabs } from './BundleTabs';
import { ReportSummary } from './ReportSummary';
import { TimelinePanel } from './TimelinePanel';
import { StreamVerdicts } from './StreamVerdicts';
import { EvidenceVerdicts } from './EvidenceVerdicts';
import { RecordInspector } from './RecordInspector';
import { GeneralFindings } from './GeneralFindings';
import { CoveragePanel } from './CoveragePanel';

/** Per stream and evidence file a verdict with its findings; a finding opens the record it points at. */
export function IntegrityScreen() {
  const bundles = useBundles();
  const version = useDataVersion((s) => s.version);
  const bundleId = useIntegrity((s) => s.bundleId);
  const ensureLoaded = useIntegrity((s) => s.ensureLoaded);
  const report = useIntegrity((s) => s.report);
  const loading = useIntegrity((s) => s.loading);
  const loadError = useIntegrity((s) => s.loadError);
  const inspecting = useIntegrity((s) => s.detail !== null || s.detailLoading || s.detailError !== null);
  const go = useNav((s) => s.go);
  const current = bundles.find((b) => b.id === bundleId) ?? bundles[bundles.length - 1] ?? null;

  const currentId = current?.id ?? null;
  useEffect(() => {
    if (currentId !== null) ensureLoaded(currentId, version);
  }, [currentId, version, ensureLoaded]);

  if (bundles.length === 0) {
    return (
      <div className="screen" data-testid="screen-integrity">
        <div className="screen-head">
          <h1>Integrity</h1>
        </div>
        <Empty>
          No bundle has been imported into this engagement yet.{' '}
          <button type="button" className="link" onClick={() => go('import')}>
            Import one
          </button>
          .
        </Empty>
      </div>
    );
  }
  return (
    <div className="screen" data-testid="screen-integrity">
      <div className="screen-head screen-head-row">
        <h1>Integrity</h1>
        <BundleTabs current={current?.id ?? null} />
      </div>
      {loadError ? <p className="warn-text">{loadError}</p> : null}
      {report ? (
        <>
          <ReportSummary report={report} bundleId={current!.id} />
          <TimelinePanel />
          <div className={`split${inspecting ? ' split-open' : ''}`}>
            <div className="stack split-main">
              <GeneralFindings report={report} />
              <StreamVerdicts report={report} />
              <EvidenceVerdicts report={report} />
            </div>
            {inspecting ? <RecordInspector /> : null}
          </div>
        </>
      ) : loading ? (
        <Empty>Loading the verification report…</Empty>
      ) : (
        <Empty>This bundle has not been verified yet. Use “Re-verify” to run the checks.</Empty>
      )}
      <CoveragePanel />
    </div>
  );
}
