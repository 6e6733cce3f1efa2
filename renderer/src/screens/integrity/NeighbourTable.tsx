import type { EventRow } from '../../../../shared/api';
import { fmtTs } from '../../lib/format';

export function NeighbourTable({ rows, currentId, onOpen }: { rows: EventRow[]; currentId: number; onOpen: (id: number) => void }) {
  return (
    <table className="table table-compact" data-testid="neighbours">
      <thead>
        <tr>
          <th scope="col" className="num">
            Line
          </th>
          <th scope="col" className="num">
            Seq
          </th>
          <th scope="col">Time</th>
          <th scope="col">Action</th>
          <th scope="col">Actor</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={r.id === currentId ? 'row-current' : ''} aria-current={r.id === currentId ? 'true' : undefined}>
            <td className="num">{r.line}</td>
            <td className="num">
              {r.id === currentId ? (
                r.seq
              ) : (
                <button type="button" className="link" onClick={() => onOpen(r.id)}>
                  {r.seq}
                </button>
              )}
            </td>
            <td className="nowrap num">{fmtTs(r.ts)}</td>
            <td className="mono">{r.action}</td>
            <td className="mono">{r.actorId}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
