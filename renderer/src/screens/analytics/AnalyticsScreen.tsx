import { useEffect } from 'react';
import { useAnalytics } from '../../stores/analytics';
import { useDataVersion } from '../../stores/data-version';
import { Empty } from '../../components/Empty';
import { RunBar } from './RunBar';
import { RuleList } from './RuleList';
import { ExceptionList } from './ExceptionList';
import { ExceptionDetailPane } from './ExceptionDetailPane';

/** Rule packs run over 100 % of the verified events and the evidence tables; each exception dispositioned. */
export function AnalyticsScreen() {
  const version = useDataVersion((s) => s.version);
  const load = useAnalytics((s) => s.load);
  const view = useAnalytics((s) => s.view);
  const error = useAnalytics((s) => s.error);
  useEffect(() => {
    void load();
  }, [version, load]);
  return (
    <div className="screen" data-testid="screen-analytics">
      <div className="screen-head">
        <h1>Analytics</h1>
        <p className="screen-lede">
          Run a rule pack over every verified event and the evidence tables, then disposition each exception with its record and evidence row side by
          side. A rule’s exceptions can become a population for a follow-up sample.
        </p>
      </div>
      <RunBar />
      {error ? <p className="warn-text">{error}</p> : null}
      {view === undefined ? <Empty>Loading…</Empty> : null}
      {view === null && !error ? (
        <Empty>No rule pack has been run on this engagement yet. Choose a pack and run it: the rules read only the events of verified bundles.</Empty>
      ) : null}
      {view ? (
        <>
          <div className="analytics-split">
            <RuleList />
            <div className="stack">
              <ExceptionList />
              <ExceptionDetailPane />
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
