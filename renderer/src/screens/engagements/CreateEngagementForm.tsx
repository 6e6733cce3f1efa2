import { useState, type FormEvent } from 'react';
import { useEngagement } from '../../stores/engagement';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';

type Framework = 'SOC 2' | 'HIPAA' | 'SOC 2 + HIPAA';

interface Draft {
  path: string;
  name: string;
  client: string;
  system: string;
  framework: Framework;
  start: string;
  end: string;
  keys: string;
}

const empty: Draft = { path: '', name: '', client: '', system: '', framework: 'SOC 2', start: '', end: '', keys: '' };

/** A new engagement: who, what, which framework, which window, and the vendor keys to trust. */
export function CreateEngagementForm() {
  const create = useEngagement((s) => s.create);
  const busy = useEngagement((s) => s.busy);
  const [d, setD] = useState<Draft>(empty);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }));
  const windowOk = d.start !== '' && d.end !== '' && d.start <= d.end;
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    const keys = d.keys
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((vkey) => ({ vkey, label: 'Pinned at engagement creation' }));
    const ok = await create({
      path: d.path.trim(),
      name: d.name.trim(),
      client: d.client.trim(),
      system: d.system.trim(),
      framework: d.framework,
      windowStart: `${d.start}T00:00:00Z`,
      windowEnd: `${d.end}T23:59:59Z`,
      keys,
    });
    if (ok) setD(empty);
  };
  return (
    <Panel title="New engagement" id="new-engagement">
      <form className="form" onSubmit={(ev) => void submit(ev)}>
        <Field label="Workspace file to create" hint="A new .tickmark file; it must not exist yet.">
          <input
            className="input mono"
            value={d.path}
            onChange={(e) => set('path', e.target.value)}
            placeholder="/Users/me/Audits/acme-soc2-2026.tickmark"
            required
            spellCheck={false}
          />
        </Field>
        <Field label="Engagement name">
          <input
            className="input"
            value={d.name}
            onChange={(e) => set('name', e.target.value)}
            placeholder="Acme Health — SOC 2 Type II 2026"
            required
          />
        </Field>
        <div className="form-row">
          <Field label="Client" className="grow">
            <input className="input" value={d.client} onChange={(e) => set('client', e.target.value)} required />
          </Field>
          <Field label="System" className="grow">
            <input className="input" value={d.system} onChange={(e) => set('system', e.target.value)} required />
          </Field>
        </div>
        <fieldset className="fieldset fieldset-plain">
          <legend className="field-label">Framework</legend>
          <div className="segmented">
            {(['SOC 2', 'HIPAA', 'SOC 2 + HIPAA'] as const).map((f) => (
              <label key={f} className={`segment${d.framework === f ? ' segment-on' : ''}`}>
                <input type="radio" name="framework" value={f} checked={d.framework === f} onChange={() => set('framework', f)} />
                {f}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-row">
          <Field label="Audit window from (UTC)" className="grow">
            <input className="input" type="date" value={d.start} onChange={(e) => set('start', e.target.value)} required />
          </Field>
          <Field label="to (UTC, inclusive)" className="grow">
            <input className="input" type="date" value={d.end} onChange={(e) => set('end', e.target.value)} required />
          </Field>
        </div>
        {d.start !== '' && d.end !== '' && !windowOk ? <p className="warn-text">The window ends before it starts.</p> : null}
        <Field label="Pinned vendor keys" hint="Optional; one verifier key a line. You can pin keys later.">
          <textarea className="input mono" rows={3} value={d.keys} onChange={(e) => set('keys', e.target.value)} spellCheck={false} />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || !windowOk}>
            Create engagement
          </button>
        </div>
      </form>
    </Panel>
  );
}
