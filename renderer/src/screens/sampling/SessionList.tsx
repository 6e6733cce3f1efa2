import { useSampling } from '../../stores/sampling';
import { Panel } from '../../components/Panel';
import { StatusBadge } from './StatusBadge';
import { fmtInt, fmtTs } from '../../lib/format';

export function SessionList() {
  const sessions = useSampling((s) => s.sessions);
  const open = useSampling((s) => s.openSession);
  return (
    <Panel title="Sampling sessions" id="sessions">
      {sessions.length === 0 ? (
        <p className="muted">No sample drawn yet.</p>
      ) : (
        <table className="table table-compact" data-testid="session-table">
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Control</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col">Status</th>
              <th scope="col">Drawn</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  <button type="button" className="link" onClick={() => void open(s.id)}>
                    {s.name}
                  </button>
                </td>
                <td className="mono">{s.controlId}</td>
                <td className="num">{fmtInt(s.size)}</td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td className="nowrap num">{fmtTs(s.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
