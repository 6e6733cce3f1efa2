import type { VerificationReport } from '../../../../shared/types';
import { Panel } from '../../components/Panel';
import { VerdictBadge } from '../../components/VerdictBadge';
import { Hash } from '../../components/Hash';
import { FindingList } from './FindingList';
import { fmtInt, fmtTs } from '../../lib/format';

/** One block per stream: its verdict, what was read, checkpoints, and its findings. */
export function StreamVerdicts({ report }: { report: VerificationReport }) {
  return (
    <Panel title={`Streams (${report.streams.length})`} id="streams">
      <div className="stream-list">
        {report.streams.map((s) => {
          const signed = s.checkpoints.filter((c) => c.signatures.some((g) => g.status === 'verified')).length;
          return (
            <article key={s.id} className={`stream stream-${s.verdict}`} data-testid="stream" data-stream={s.id} data-verdict={s.verdict}>
              <header className="stream-head">
                <h3 className="stream-name">{s.id}</h3>
                <VerdictBadge verdict={s.verdict} />
                <span className="muted mono small">{s.origin}</span>
              </header>
              <dl className="stream-facts">
                <div>
                  <dt>Events</dt>
                  <dd className="num">{fmtInt(s.eventsRead)}</dd>
                </div>
                <div>
                  <dt>Seq</dt>
                  <dd className="num">
                    {s.firstSeq ?? '—'}–{s.lastSeq ?? '—'}
                  </dd>
                </div>
                <div>
                  <dt>Time</dt>
                  <dd className="num">
                    <span className="nowrap">{fmtTs(s.firstTs)}</span> – <span className="nowrap">{fmtTs(s.lastTs)}</span>
                  </dd>
                </div>
                <div>
                  <dt>Checkpoints</dt>
                  <dd className="num">
                    {signed}/{s.checkpoints.length} signed by a pinned key
                  </dd>
                </div>
                <div>
                  <dt>Chain head</dt>
                  <dd>
                    <Hash value={s.chainHead} short />
                  </dd>
                </div>
                <div>
                  <dt>Merkle root</dt>
                  <dd>
                    <Hash value={s.merkleRoot} short />
                  </dd>
                </div>
              </dl>
              {s.findings.length === 0 ? (
                <p className="ok-text small">No findings.</p>
              ) : (
                <FindingList findings={s.findings} streamId={s.id} suppressed={s.suppressed} />
              )}
            </article>
          );
        })}
      </div>
    </Panel>
  );
}
