import { useEngagement } from '../../stores/engagement';
import { CurrentEngagement } from './CurrentEngagement';
import { PinKeyForm } from './PinKeyForm';
import { OpenPanel } from './OpenPanel';
import { CreateEngagementForm } from './CreateEngagementForm';

export function EngagementsScreen() {
  const e = useEngagement((s) => s.engagement);
  return (
    <div className="screen" data-testid="screen-engagements">
      <div className="screen-head">
        <h1>Engagements</h1>
        <p className="screen-lede">
          Open an engagement workspace, or create one for a new audit. Each workspace is one file holding the imported bundles, their verification
          runs, samples and sign-offs.
        </p>
      </div>
      <div className="grid-2">
        <div className="stack">
          {e ? <CurrentEngagement /> : null}
          {e ? <PinKeyForm /> : null}
          <OpenPanel />
        </div>
        <div className="stack">
          <CreateEngagementForm />
        </div>
      </div>
    </div>
  );
}
