import { useExplorer } from '../../stores/explorer';
import { useNav } from '../../stores/nav';
import { fmtInt } from '../../lib/format';

/** How many events match, and the way on to sampling them. */
export function ExplorerSummary() {
  const total = useExplorer((s) => s.total);
  const error = useExplorer((s) => s.error);
  const go = useNav((s) => s.go);
  return (
    <div className="explorer-summary">
      {error ? <span className="warn-text">{error}</span> : null}
      <span className="count" data-testid="explorer-total" aria-live="polite">
        {total === null ? 'Counting…' : `${fmtInt(total)} event${total === 1 ? '' : 's'} match`}
      </span>
      <button type="button" className="btn" onClick={() => go('sampling')} disabled={!total} data-testid="to-population">
        Define population from this filter →
      </button>
    </div>
  );
}
