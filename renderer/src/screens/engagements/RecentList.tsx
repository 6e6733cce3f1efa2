import { useEngagement } from '../../stores/engagement';
import { useNav } from '../../stores/nav';
import { fmtTs } from '../../lib/format';

export function RecentList() {
  const recent = useEngagement((s) => s.recent);
  const current = useEngagement((s) => s.engagement?.workspace);
  const openWorkspace = useEngagement((s) => s.openWorkspace);
  const go = useNav((s) => s.go);
  if (recent.length === 0) return null;
  return (
    <div className="recent">
      <h3 className="subhead">Recent workspaces</h3>
      <ul className="recent-list">
        {recent.map((r) => (
          <li key={r.path}>
            <button
              type="button"
              className="recent-item"
              onClick={() => void openWorkspace(r.path).then((ok) => ok && go('integrity'))}
              aria-current={r.path === current ? 'true' : undefined}
            >
              <span className="recent-name">{r.name}</span>
              <span className="recent-path mono">{r.path}</span>
              <span className="recent-when">{fmtTs(r.openedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
