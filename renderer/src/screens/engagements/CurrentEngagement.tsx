import { useEngagement } from '../../stores/engagement';
import { useNav } from '../../stores/nav';
import { Panel } from '../../components/Panel';
import { DefinitionList } from '../../components/DefinitionList';
import { VerdictBadge } from '../../components/VerdictBadge';
import { Hash } from '../../components/Hash';
import { fmtDate, fmtInt, fmtTs } from '../../lib/format';

export function CurrentEngagement() {
  const e = useEngagement((s) => s.engagement);
  const go = useNav((s) => s.go);
  if (!e) return null;
  const next =
    e.bundles.length === 0 ? (
      <button type="button" className="btn btn-primary" onClick={() => go('import')}>
        Import a bundle →
      </button>
    ) : (
      <button type="button" className="btn btn-primary" onClick={() => go('integrity')}>
        Review integrity →
      </button>
    );
  return (
    <Panel title="Open engagement" id="current-engagement" actions={next}>
      <DefinitionList
        items={[
          ['Engagement', <strong key="n">{e.name}</strong>],
          ['Client', e.client],
          ['System', e.system],
          ['Framework', e.framework],
          ['Audit window', `${fmtDate(e.windowStart)} – ${fmtDate(e.windowEnd)}`],
          [
            'Workspace',
            <span className="mono break" key="w">
              {e.workspace}
            </span>,
          ],
        ]}
      />
      {e.anchors && (e.anchors.state === 'altered' || e.anchors.state === 'first-seen') ? (
        <div
          className={e.anchors.state === 'altered' ? 'error-text' : 'warn-text'}
          role={e.anchors.state === 'altered' ? 'alert' : 'status'}
          data-testid="anchor-status"
        >
          <strong>
            {e.anchors.state === 'altered' ? 'This workspace was altered outside Tickmark.' : 'No record of this workspace on this machine.'}
          </strong>
          {e.anchors.messages.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      ) : null}
      <h3 className="subhead">Pinned vendor keys</h3>
      {e.pinnedKeys.length === 0 ? (
        <p className="warn-text">
          No vendor key is pinned: nothing can be “verified” until you pin the key you obtained from the vendor out of band.
        </p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key name</th>
              <th scope="col">Key ID</th>
            </tr>
          </thead>
          <tbody>
            {e.pinnedKeys.map((k) => (
              <tr key={k.vkey}>
                <td>{k.label}</td>
                <td className="mono">{k.name}</td>
                <td className="mono">{k.keyId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="subhead">Imported bundles</h3>
      {e.bundles.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Tenant</th>
              <th scope="col" className="num">
                Events
              </th>
              <th scope="col">Imported</th>
              <th scope="col">Verdict</th>
            </tr>
          </thead>
          <tbody>
            {e.bundles.map((b) => (
              <tr key={b.id}>
                <td className="num">{b.id}</td>
                <td>
                  <div title={b.sourcePath}>{b.tenant}</div>
                  <div className="muted small">
                    manifest <Hash value={b.manifestSha256} short />
                  </div>
                </td>
                <td className="num">{fmtInt(b.events)}</td>
                <td className="nowrap num" title={fmtTs(b.importedAt)}>
                  {fmtDate(b.importedAt)}
                </td>
                <td>
                  <VerdictBadge verdict={b.verdict} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
