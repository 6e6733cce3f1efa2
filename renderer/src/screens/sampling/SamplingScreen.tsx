import { useEffect } from 'react';
import { useSampling } from '../../stores/sampling';
import { useDataVersion } from '../../stores/data-version';
import { PopulationPanel } from './PopulationPanel';
import { SessionList } from './SessionList';
import { NewSessionForm } from './NewSessionForm';
import { SessionWorkbench } from './SessionWorkbench';

/** Populations, sample plans and draws, then the testing of each item. */
export function SamplingScreen() {
  const version = useDataVersion((s) => s.version);
  const load = useSampling((s) => s.load);
  const view = useSampling((s) => s.view);
  useEffect(() => {
    void load();
  }, [version, load]);
  if (view) return <SessionWorkbench />;
  return (
    <div className="screen" data-testid="screen-sampling">
      <div className="screen-head">
        <h1>Sampling</h1>
        <p className="screen-lede">
          Freeze a population from the explorer’s filter, plan the sample size, draw it reproducibly from a seed, then test each item.
        </p>
      </div>
      <div className="grid-2 grid-2-wide-right">
        <div className="stack">
          <PopulationPanel />
          <SessionList />
        </div>
        <div className="stack">
          <NewSessionForm />
        </div>
      </div>
    </div>
  );
}
