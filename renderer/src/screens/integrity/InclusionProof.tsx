import type { EventDetail } from '../../../../shared/api';
import { fmtInt } from '../../lib/format';

/** RFC 9162 inclusion proof of the record in its stream's tree, and whether it verifies against the root. */
export function InclusionProof({ proof }: { proof: EventDetail['proof'] }) {
  if (!proof) return <p className="muted small">No inclusion proof: the stream is a slice of a longer log, or the record could not be hashed.</p>;
  return (
    <div className="proof" data-testid="inclusion-proof">
      <p>
        Leaf <span className="num">{fmtInt(proof.leafIndex)}</span> of <span className="num">{fmtInt(proof.treeSize)}</span> ·{' '}
        <span className={proof.verifies ? 'ok-text' : 'text-failed'} data-testid="proof-verifies">
          {proof.verifies ? '✓ verifies against the stream’s Merkle root' : '✕ does not verify against the stream’s Merkle root'}
        </span>
      </p>
      <dl className="hashlist">
        <div className="hashrow hashrow-plain">
          <dt>Leaf hash</dt>
          <dd>
            <code className="hash hash-full">{proof.leafHash}</code>
          </dd>
        </div>
      </dl>
      <ol className="proof-path" aria-label="Audit path">
        {proof.path.map((h, i) => (
          <li key={i}>
            <code className="hash hash-full">{h}</code>
          </li>
        ))}
      </ol>
      <dl className="hashlist">
        <div className="hashrow hashrow-plain">
          <dt>Root</dt>
          <dd>
            <code className="hash hash-full">{proof.root || '—'}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}
