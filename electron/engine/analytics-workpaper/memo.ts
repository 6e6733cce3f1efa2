// The closing paragraphs of the C&A memo (AT-C 205.36): how the completeness and accuracy of the population
// the rules ran on were established, and where that stops — sources excluded, sources with custody-only
// integrity, evidence imported by hand, silent intervals, rules not performed. Built from the facts the memo
// sheet lists, so the words cannot claim more than the checks show.
import { durationText } from '../../../shared/completeness';
import type { AnalyticsWorkpaperData } from './format';

export function memoConclusion(d: AnalyticsWorkpaperData): { established: string; limits: string[] } {
  const inScope = d.sources.filter((s) => s.included);
  const signed = inScope.filter((s) => s.grade === 'producer-signed');
  const failedChecks = inScope.flatMap((s) => s.checks.filter((c) => c.status === 'failed').map((c) => `bundle #${s.bundleId}: ${c.check}`));
  const established =
    `The population is the ${d.report.data.eventsInScope.toLocaleString('en-US')} events of ${inScope.length} bundle(s) whose latest verification ` +
    `run verified them, and ${d.evidence.filter((e) => e.included).length} evidence table(s). ` +
    (signed.length
      ? `Accuracy: for the ${signed.length} producer-signed source(s), every record was re-hashed and its chain, Merkle root and signatures checked ` +
        `against keys the auditor pinned, so a record added, removed or altered after the producer signed would have failed verification. `
      : '') +
    `Completeness: each stream's sequence, time order, silent intervals and coverage of the audit window were checked (listed per source above); ` +
    `the rules read the same snapshot of the workspace in one read transaction, and every evidence table is identified by the SHA-256 of its file, ` +
    `re-computed from the stored bytes for this workpaper. ` +
    (failedChecks.length ? `Checks that failed: ${failedChecks.join('; ')}. ` : 'No integrity check of a source in scope failed.');
  const limits: string[] = [];
  for (const s of d.sources.filter((x) => !x.included))
    limits.push(
      `Bundle #${s.bundleId} (${s.sourcePath}, ${s.grade}) is EXCLUDED (${s.why}): its events are not in the population; the rules say nothing of them.`,
    );
  for (const s of inScope.filter((x) => x.grade !== 'producer-signed'))
    limits.push(
      `Bundle #${s.bundleId} (${s.kindLabel}) is ${s.grade}: Tickmark shows its records are unchanged since receipt (custody receipt, RFC 9162 root), not that they are complete or accurate at the source. ` +
        'The auditor must establish that by other procedures (e.g. obtaining the export in person, reconciling counts with the system).',
    );
  for (const s of inScope)
    for (const st of s.streams) {
      const silent = st.completeness.find((n) => n.code === 'silent-interval');
      if (silent)
        limits.push(
          `Stream ${st.stream} of bundle #${s.bundleId} was silent ${silent.count} time(s) for ${durationText(silent.spannedMs)} in all: events may be missing for those intervals.`,
        );
    }
  for (const e of d.evidence.filter((x) => x.included && x.bundleId === null))
    limits.push(`Evidence table ${e.path} (${e.kind}) was imported by hand: custody only; its source must be established by the auditor.`);
  for (const r of d.report.rules.filter((x) => x.status !== 'performed')) limits.push(`Rule ${r.rule} was not performed (${r.note ?? ''}).`);
  if (!d.report.window) limits.push('No audit window is set: coverage of the window could not be assessed.');
  return { established, limits };
}
