import { useState, type FormEvent } from 'react';
import { useBundles, useEngagement } from '../../stores/engagement';
import { jobActive, useJobs } from '../../stores/jobs';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';
import { DropZone } from './DropZone';
import { api, inDesktopShell } from '../../api';

export function ImportForm() {
  const sampleBundle = useEngagement((s) => s.sampleBundle);
  const imported = useBundles();
  const start = useJobs((s) => s.start);
  const busy = useJobs((s) => jobActive(s.job));
  const lastFailed = useJobs((s) => (s.job?.kind === 'import' && (s.job.status === 'error' || s.job.status === 'cancelled') ? s.job.subject : null));
  const [path, setPath] = useState(() => lastFailed ?? (sampleBundle && !imported.some((b) => b.sourcePath === sampleBundle) ? sampleBundle : ''));
  const submit = (ev: FormEvent): void => {
    ev.preventDefault();
    const p = path.trim();
    if (p) void start('import', p, { path: p });
  };
  return (
    <Panel title="Bundle to import" id="import-form">
      <form className="form" onSubmit={submit}>
        <DropZone onPath={setPath} />
        <div className="form-row form-row-end">
          <Field label="Bundle path (folder or .zip)" className="grow">
            <input
              className="input mono"
              name="bundle"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/Volumes/Evidence/northwind-2026H1.zip"
              spellCheck={false}
              required
              autoComplete="off"
            />
          </Field>
          {inDesktopShell ? (
            <button
              type="button"
              className="btn"
              onClick={() => void api.call('chooseImportPath', undefined).then((p) => p && setPath(p))}
              data-testid="choose-import"
            >
              Choose…
            </button>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={busy || path.trim() === ''} data-testid="start-import">
            Import and verify
          </button>
        </div>
        {sampleBundle ? (
          <p className="muted">
            Sample bundle:{' '}
            <button type="button" className="link" onClick={() => setPath(sampleBundle)}>
              <span className="mono">{sampleBundle}</span>
            </button>
          </p>
        ) : null}
      </form>
    </Panel>
  );
}
