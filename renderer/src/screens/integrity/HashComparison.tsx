import type { EventDetail } from '../../../../shared/api';
import type { Finding } from '../../../../shared/types';

const LABELS: Partial<Record<Finding['code'], [string, string]>> = {
  'content-altered': ['Expected — SHA-256 recomputed from the record’s content', 'Found — the hash written in the record'],
  'link-broken': ['Expected — hash of the previous record', 'Found — prev_hash written in this record'],
  'chain-genesis-mismatch': ['Expected — chain.prev_hash in the manifest', 'Found — prev_hash of the first record'],
};

function Row({ label, value, state }: { label: string; value: string; state: 'ok' | 'bad' | 'plain' }) {
  return (
    <div className={`hashrow hashrow-${state}`}>
      <dt>{label}</dt>
      <dd>
        <code className="hash hash-full">{value || '—'}</code>
      </dd>
    </div>
  );
}

/** Expected vs found, as the finding states them, then the record's own hashes. */
export function HashComparison({ detail, finding }: { detail: EventDetail; finding: Finding | null }) {
  const hasPair = finding?.expected !== undefined && finding.found !== undefined;
  const [le, lf] = (finding && LABELS[finding.code]) ?? ['Expected', 'Found'];
  const contentOk = detail.computedHash !== '' && detail.computedHash === detail.claimedHash;
  return (
    <div className="hashcmp">
      {hasPair ? (
        <dl className="hashpair" data-testid="hash-pair">
          <div className={`hashrow hashrow-${finding.expected === finding.found ? 'ok' : 'expected'}`}>
            <dt>{le}</dt>
            <dd>
              <code className="hash hash-full" data-testid="expected-hash">
                {finding.expected}
              </code>
            </dd>
          </div>
          <div className={`hashrow hashrow-${finding.expected === finding.found ? 'ok' : 'bad'}`}>
            <dt>{lf}</dt>
            <dd>
              <code className="hash hash-full" data-testid="found-hash">
                {finding.found}
              </code>
            </dd>
          </div>
        </dl>
      ) : null}
      <dl className="hashlist">
        {finding?.code !== 'content-altered' ? (
          <>
            <Row label="Recomputed hash of this record" value={detail.computedHash} state={contentOk ? 'ok' : 'bad'} />
            <Row label="Hash written in the record" value={detail.claimedHash} state={contentOk ? 'ok' : 'bad'} />
          </>
        ) : null}
        <Row label="prev_hash written in the record" value={detail.prevHash} state="plain" />
      </dl>
      <p className={`small ${contentOk ? 'ok-text' : 'text-failed'}`}>
        {contentOk
          ? '✓ The record’s content matches its hash.'
          : '✕ The record’s content does not match its hash: it was changed after it was written.'}
      </p>
    </div>
  );
}
