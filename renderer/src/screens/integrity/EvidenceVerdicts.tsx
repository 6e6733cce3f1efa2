import type { VerificationReport } from '../../../../shared/types';
import { Panel } from '../../components/Panel';
import { VerdictBadge } from '../../components/VerdictBadge';
import { Hash } from '../../components/Hash';
import { fmtBytes } from '../../lib/format';
import { FindingList } from './FindingList';

export function EvidenceVerdicts({ report }: { report: VerificationReport }) {
  if (report.evidence.length === 0) return null;
  return (
    <Panel title={`Evidence files (${report.evidence.length})`} id="evidence-verdicts">
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Declared SHA-256</th>
            <th scope="col">Found SHA-256</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {report.evidence.map((e) => (
            <tr key={e.path} data-testid="evidence-verdict" data-verdict={e.verdict}>
              <td className="mono">{e.path}</td>
              <td className="num">{fmtBytes(e.size)}</td>
              <td>
                <Hash value={e.expectedSha256} short />
              </td>
              <td>
                <Hash
                  value={e.foundSha256}
                  short
                  className={e.expectedSha256 && e.foundSha256 && e.expectedSha256 !== e.foundSha256 ? 'hash-bad' : ''}
                />
              </td>
              <td>
                <VerdictBadge verdict={e.verdict} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FindingList findings={report.evidence.flatMap((e) => e.findings)} />
    </Panel>
  );
}
