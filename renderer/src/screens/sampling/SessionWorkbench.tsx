import { useSampling } from '../../stores/sampling';
import { WorkbenchHeader } from './WorkbenchHeader';
import { ItemList } from './ItemList';
import { ItemTester } from './ItemTester';
import { EvaluationPanel } from './EvaluationPanel';
import { SignOffPanel } from './SignOffPanel';
import { SampleChangePanel } from './SampleChangePanel';
import { JudgementPanel } from './JudgementPanel';
import { ReviewPanel } from './ReviewPanel';
import { ShortcutBar } from './ShortcutBar';
import { useWorkbenchKeys } from './useWorkbenchKeys';

/** Testing a drawn sample: items on the left, the focused item in the middle, evaluation and sign-off on the right. */
export function SessionWorkbench() {
  const view = useSampling((s) => s.view);
  useWorkbenchKeys();
  if (!view) return null;
  return (
    <div className="screen screen-fill" data-testid="screen-session">
      <WorkbenchHeader />
      <ShortcutBar />
      <div className="workbench">
        <ItemList />
        <ItemTester />
        <div className="workbench-side">
          <EvaluationPanel />
          <JudgementPanel />
          <SampleChangePanel />
          <ReviewPanel />
          <SignOffPanel />
        </div>
      </div>
    </div>
  );
}
