import { SCREENS, useNav } from '../stores/nav';
import { useEngagement } from '../stores/engagement';
import { modLabel } from '../lib/platform';

/** The screens in the order of the work, with their shortcuts. */
export function NavBar() {
  const screen = useNav((s) => s.screen);
  const go = useNav((s) => s.go);
  const open = useEngagement((s) => s.engagement !== null);
  return (
    <nav className="app-nav" aria-label="Screens">
      <ol className="nav-list">
        {SCREENS.map((d, i) => {
          const disabled = d.needsEngagement && !open;
          const current = screen === d.id || (!open && d.id === 'engagements');
          return (
            <li key={d.id}>
              <button
                type="button"
                className={`nav-item${current ? ' nav-current' : ''}`}
                aria-current={current ? 'page' : undefined}
                disabled={disabled}
                onClick={() => go(d.id)}
                data-screen={d.id}
                title={disabled ? 'Open an engagement first' : `${d.label} (${modLabel}${d.key})`}
              >
                <span className="nav-step" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="nav-label">{d.label}</span>
                <span className="nav-key" aria-hidden="true">
                  {modLabel}
                  {d.key}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="nav-foot">
        <p className="nav-offline">
          <span className="dot dot-ok" aria-hidden="true" /> Offline workstation
        </p>
      </div>
    </nav>
  );
}
