import { useState } from 'react';
import { useSampling } from '../../stores/sampling';
import { Panel } from '../../components/Panel';
import { Field } from '../../components/Field';

/**
 * Replace the focused item when it is not applicable (voided, out of scope) by the next member of the session's
 * seeded stream, or extend the sample; both need a reason and are logged (docs/sampling-algorithm.md §4).
 */
export function SampleChangePanel() {
  const v = useSampling((s) => s.view);
  const focused = useSampling((s) => s.focusedItem);
  const change = useSampling((s) => s.change);
  const [reason, setReason] = useState('');
  const [count, setCount] = useState('5');
  const [extendReason, setExtendReason] = useState('');
  if (!v || v.selection.method === 'all') return null;
  const item = v.items[focused];
  const open = v.status === 'open';
  const replaceable = !!item && !item.replaced && !Object.values(item.results).includes('deviation');
  const k = Number(count);
  return (
    <Panel title="Replace or extend" id="sample-change">
      <form
        className="signoff-form"
        data-testid="replace-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (item)
            void change(`Could not replace item ${item.position}`, 'replaceItem', {
              sessionId: v.id,
              position: item.position,
              reason: reason.trim(),
            }).then((ok) => ok && setReason(''));
        }}
      >
        <Field label={`Item ${item?.position ?? ''} is not applicable because`}>
          <input
            className="input"
            name="replace-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            disabled={!open || !replaceable}
            placeholder="e.g. voided before processing"
          />
        </Field>
        <button
          type="submit"
          className="btn"
          disabled={!open || !replaceable || reason.trim() === ''}
          title={item && !replaceable ? 'A replaced item or a deviation cannot be replaced' : undefined}
        >
          Replace item
        </button>
      </form>
      <form
        className="signoff-form"
        data-testid="extend-form"
        onSubmit={(e) => {
          e.preventDefault();
          void change('Could not extend the sample', 'extendSample', { sessionId: v.id, count: k, reason: extendReason.trim() }).then(
            (ok) => ok && setExtendReason(''),
          );
        }}
      >
        <Field label="Items to add">
          <input
            className="input"
            name="extend-count"
            type="number"
            min={1}
            max={10000}
            value={count}
            onChange={(e) => setCount(e.target.value)}
            disabled={!open}
          />
        </Field>
        <Field label="Reason (recorded)">
          <input className="input" name="extend-reason" value={extendReason} onChange={(e) => setExtendReason(e.target.value)} disabled={!open} />
        </Field>
        <button type="submit" className="btn" disabled={!open || !Number.isInteger(k) || k < 1 || extendReason.trim() === ''}>
          Extend sample
        </button>
      </form>
    </Panel>
  );
}
