import { useEngagement } from '../stores/engagement';
import { useSampling } from '../stores/sampling';
import { useNotices } from '../stores/notices';
import { fmtInt } from '../lib/format';

export function StatusBar() {
  const e = useEngagement((s) => s.engagement);
  const saving = useSampling((s) => s.saving);
  const info = useNotices((s) => s.notices.filter((n) => n.kind === 'info').at(-1));
  const events = e?.bundles.reduce((n, b) => n + b.events, 0) ?? 0;
  return (
    <footer className="app-status">
      <span className="status-item mono" title="Workspace file">
        {e ? e.workspace : 'No workspace'}
      </span>
      {e ? (
        <span className="status-item">
          {fmtInt(e.bundles.length)} bundle{e.bundles.length === 1 ? '' : 's'} · <span className="num">{fmtInt(events)}</span> events ·{' '}
          {fmtInt(e.pinnedKeys.length)} pinned key{e.pinnedKeys.length === 1 ? '' : 's'}
        </span>
      ) : null}
      <span className="status-spacer" />
      <span className="status-item status-message" role="status" aria-live="polite" data-testid="status-message">
        {info ? (
          <>
            <strong>{info.title}.</strong> {info.message}
          </>
        ) : null}
      </span>
      {e ? (
        <span className="status-item" aria-live="polite">
          {saving > 0 ? 'Saving…' : 'All changes saved'}
        </span>
      ) : null}
      <span className="status-item">No network access</span>
    </footer>
  );
}
