import { useState, type FormEvent } from 'react';
import { useEngagement } from '../../stores/engagement';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';

/** Pin a vendor verifier key obtained out of band (signed-note verifier key: name+keyid+key). */
export function PinKeyForm() {
  const pinKey = useEngagement((s) => s.pinKey);
  const [vkey, setVkey] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setBusy(true);
    const ok = await pinKey(vkey, label || 'Vendor key');
    setBusy(false);
    if (ok) {
      setVkey('');
      setLabel('');
    }
  };
  return (
    <Panel title="Pin a vendor key" id="pin-key">
      <form className="form" onSubmit={(ev) => void submit(ev)}>
        <p className="muted">
          Keys listed inside a bundle are only the vendor’s claim. Paste the verifier key you received separately (for example by a call-back or a
          signed letter).
        </p>
        <Field label="Verifier key" hint="name+keyid+base64, one line">
          <input
            className="input mono"
            name="vkey"
            value={vkey}
            onChange={(e) => setVkey(e.target.value)}
            placeholder="vendor.example+1a2b3c4d+AbC…"
            required
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        <Field label="Label">
          <input
            className="input"
            name="label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="Received from vendor CISO, 2026-07-02 call"
          />
        </Field>
        <div className="form-actions">
          <button type="submit" className="btn" disabled={busy || vkey.trim() === ''}>
            Pin key
          </button>
        </div>
      </form>
    </Panel>
  );
}
