import { useNotices } from '../stores/notices';

/** Errors as toasts that stay until dismissed (confirmations go to the status bar). */
export function NoticeArea() {
  const notices = useNotices((s) => s.notices);
  const dismiss = useNotices((s) => s.dismiss);
  const errors = notices.filter((n) => n.kind === 'error');
  if (errors.length === 0) return null;
  return (
    <div className="notices">
      {errors.map((n) => (
        <div key={n.id} className="notice notice-error" role="alert">
          <div className="notice-text">
            <strong>{n.title}.</strong> {n.message}
            {n.file ? (
              <span className="notice-loc mono">
                {' '}
                ({n.file}
                {n.line !== undefined ? `, line ${n.line}` : ''})
              </span>
            ) : null}
          </div>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
