import { useExplorer } from '../../stores/explorer';

/** datetime-local (minutes, read as UTC) ⇄ RFC 3339 */
function toInput(ts: string | undefined): string {
  return ts ? ts.slice(0, 16) : '';
}
function fromInput(v: string): string | undefined {
  return v ? `${v}:00Z` : undefined;
}

export function TimeFilter() {
  const from = useExplorer((s) => s.filter.from);
  const to = useExplorer((s) => s.filter.to);
  const setFilter = useExplorer((s) => s.setFilter);
  return (
    <fieldset className="filter filter-time">
      <legend className="filter-label">Time (UTC) from – to</legend>
      <div className="filter-time-row">
        <input
          className="input input-sm"
          type="datetime-local"
          name="from"
          aria-label="From (UTC, inclusive)"
          value={toInput(from)}
          onChange={(e) => setFilter({ from: fromInput(e.target.value) })}
        />
        <span aria-hidden="true">–</span>
        <input
          className="input input-sm"
          type="datetime-local"
          name="to"
          aria-label="To (UTC, exclusive)"
          value={toInput(to)}
          onChange={(e) => setFilter({ to: fromInput(e.target.value) })}
        />
      </div>
    </fieldset>
  );
}
