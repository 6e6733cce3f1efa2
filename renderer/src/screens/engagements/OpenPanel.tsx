import { useState, type FormEvent } from 'react';
import { useEngagement } from '../../stores/engagement';
import { useNav } from '../../stores/nav';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';
import { RecentList } from './RecentList';

/** The sample engagement, an existing workspace by path, and recent workspaces. */
export function OpenPanel() {
  const openSample = useEngagement((s) => s.openSample);
  const openWorkspace = useEngagement((s) => s.openWorkspace);
  const busy = useEngagement((s) => s.busy);
  const go = useNav((s) => s.go);
  const [path, setPath] = useState('');
  const sample = async (): Promise<void> => {
    if (await openSample()) {
      const e = useEngagement.getState().engagement;
      go(e && e.bundles.length > 0 ? 'integrity' : 'import');
    }
  };
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    if (await openWorkspace(path.trim())) go('integrity');
  };
  return (
    <Panel title="Open" id="open-engagement">
      <div className="open-sample">
        <div>
          <strong>Sample engagement</strong>
          <p className="muted">
            Northwind Health, a fictional EHR vendor: a signed audit-log bundle and evidence files, with the vendor key already pinned.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => void sample()} disabled={busy} data-testid="open-sample">
          Open sample engagement
        </button>
      </div>
      <form className="form form-inline" onSubmit={(ev) => void submit(ev)}>
        <Field label="Workspace file" className="grow">
          <input
            className="input mono"
            name="workspace"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/Users/me/Audits/northwind-2026.tickmark"
            spellCheck={false}
            required
          />
        </Field>
        <button type="submit" className="btn" disabled={busy || path.trim() === ''}>
          Open
        </button>
      </form>
      <RecentList />
    </Panel>
  );
}
