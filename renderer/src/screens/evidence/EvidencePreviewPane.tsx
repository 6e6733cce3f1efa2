import { useId } from 'react';
import { useEvidence } from '../../stores/evidence';
import { SeverityTag } from '../../components/SeverityTag';

/** CSV as a table, text as text, images as images; anything else is named, not opened. */
export function EvidencePreviewPane() {
  const selected = useEvidence((s) => s.selected);
  const preview = useEvidence((s) => s.preview);
  const loading = useEvidence((s) => s.previewLoading);
  const item = useEvidence((s) => s.items?.find((e) => e.bundleId === s.selected?.bundleId && e.path === s.selected.path));
  const titleId = useId();
  if (!selected) return <aside className="panel preview-pane empty">Select a file to preview it.</aside>;
  return (
    <aside className="panel preview-pane" aria-label="Preview" data-testid="evidence-preview">
      <header className="panel-head">
        <h2 className="panel-title mono" id={titleId}>
          {selected.path}
        </h2>
        {item ? <span className="muted small">{item.mediaType}</span> : null}
      </header>
      {/* the preview and a wide table scroll in their own boxes: regions the keyboard can reach and scroll (WCAG 2.1.1) */}
      <div className="panel-body preview-body" tabIndex={0} role="region" aria-labelledby={titleId}>
        {item?.findings.map((f, i) => (
          <p key={i} className={`finding-inline finding-${f.severity}`}>
            <SeverityTag severity={f.severity} /> {f.message}
          </p>
        ))}
        {loading && !preview ? <p className="muted">Loading…</p> : null}
        {preview?.kind === 'table' ? (
          <div className="csv-wrap" tabIndex={0} role="region" aria-label={`Table of ${selected.path}`}>
            <table className="table table-compact csv" data-testid="csv-preview">
              <thead>
                <tr>
                  {preview.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) => (
                      <td key={j}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.truncated ? <p className="muted small">Only the first {preview.rows.length} rows are shown.</p> : null}
          </div>
        ) : null}
        {preview?.kind === 'text' ? (
          <>
            <pre className="text-preview">{preview.text}</pre>
            {preview.truncated ? <p className="muted small">Only the beginning of the file is shown.</p> : null}
          </>
        ) : null}
        {preview?.kind === 'image' ? <img className="image-preview" src={preview.dataUrl} alt={`Evidence image ${selected.path}`} /> : null}
        {preview?.kind === 'none' ? <p className="muted">{preview.reason}</p> : null}
      </div>
    </aside>
  );
}
