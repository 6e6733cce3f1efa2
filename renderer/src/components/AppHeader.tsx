import { useEngagement } from '../stores/engagement';
import { fmtDate } from '../lib/format';
import { JobChip } from './JobChip';

/** The product, the open engagement, and the running job. */
export function AppHeader() {
  const e = useEngagement((s) => s.engagement);
  return (
    <header className="app-header">
      <div className="brand" aria-label="Tickmark">
        <span className="brand-mark" aria-hidden="true">
          ✓
        </span>
        Tickmark
      </div>
      {e ? (
        <div className="header-engagement" data-testid="header-engagement">
          <span className="header-name">{e.name}</span>
          <span className="header-meta">
            {[e.client, e.system].filter((x) => x.trim() !== '').map((x) => `${x} · `)}
            <span className="tag">{e.framework}</span>
            {e.windowStart || e.windowEnd ? ` · window ${fmtDate(e.windowStart)} – ${fmtDate(e.windowEnd)}` : ' · no audit window set'}
          </span>
        </div>
      ) : (
        <div className="header-engagement muted">No engagement open</div>
      )}
      <JobChip />
    </header>
  );
}
