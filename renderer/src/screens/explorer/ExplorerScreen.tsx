import { useEffect } from 'react';
import { useExplorer } from '../../stores/explorer';
import { useDataVersion } from '../../stores/data-version';
import { FilterBar } from './FilterBar';
import { EventTable } from './EventTable';
import { EventDetailPane } from './EventDetailPane';
import { ExplorerSummary } from './ExplorerSummary';

/** Every event of the engagement, filtered and searched, in a virtualized table; the detail of one. */
export function ExplorerScreen() {
  const version = useDataVersion((s) => s.version);
  const ensureLoaded = useExplorer((s) => s.ensureLoaded);
  useEffect(() => {
    ensureLoaded(version);
  }, [version, ensureLoaded]);
  return (
    <div className="screen screen-fill" data-testid="screen-explorer">
      <div className="screen-head screen-head-row">
        <h1>Explorer</h1>
        <ExplorerSummary />
      </div>
      <FilterBar />
      <div className="explorer-split">
        <EventTable />
        <EventDetailPane />
      </div>
    </div>
  );
}
