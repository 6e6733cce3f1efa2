import { useBundles } from '../../stores/engagement';
import { useIntegrity } from '../../stores/integrity';
import { VerdictBadge } from '../../components/VerdictBadge';

/** One tab per imported bundle (most engagements have one). */
export function BundleTabs({ current }: { current: number | null }) {
  const bundles = useBundles();
  const load = useIntegrity((s) => s.load);
  if (bundles.length < 2) return null;
  return (
    <div className="tabs" role="tablist" aria-label="Bundles">
      {bundles.map((b) => (
        <button
          key={b.id}
          type="button"
          role="tab"
          aria-selected={b.id === current}
          className={`tab${b.id === current ? ' tab-on' : ''}`}
          onClick={() => void load(b.id)}
        >
          #{b.id} {b.tenant} <VerdictBadge verdict={b.verdict} />
        </button>
      ))}
    </div>
  );
}
