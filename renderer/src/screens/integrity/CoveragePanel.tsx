import { useEffect } from 'react';
import { useCoverage } from '../../stores/coverage';
import { useDataVersion } from '../../stores/data-version';
import { Panel } from '../../components/Panel';
import { GradeBadge } from '../../components/GradeBadge';
import { VerdictBadge } from '../../components/VerdictBadge';
import { silenceText, type Silence, type SourceCoverage } from '../../../../shared/coverage/coverage';
import { fmtInt } from '../../lib/format';
import { CoverageStrip } from './CoverageStrip';

/** silences named in the text under a strip before the rest are only counted */
const NAMED_SILENCES = 24;

const BASIS = { engagement: "the engagement's audit window", given: 'the window given', records: 'no audit window set: the span of the records' };

const spanText = (s: Silence): string => (s.from === s.to ? s.from : `${s.from} – ${s.to} (${s.days} days)`);

function SourceRow({ c, firstDay, lastDay }: { c: SourceCoverage; firstDay: string; lastDay: string }) {
  const d = c.duplicates;
  return (
    <li className="cov-source" data-testid="coverage-source" data-bundle={c.source.bundleId} data-stream={c.source.stream}>
      <div className="cov-head">
        <strong>{c.source.label}</strong> <GradeBadge grade={c.source.grade} /> <VerdictBadge verdict={c.source.verdict} />
        <span className="muted small">
          {' '}
          {fmtInt(c.inWindow)} records in the window · {silenceText(c)}
        </span>
      </div>
      <CoverageStrip c={c} firstDay={firstDay} />
      <div className="cov-axis muted small" aria-hidden="true">
        <span>{firstDay}</span>
        <span>{lastDay}</span>
      </div>
      <p className={`small${c.silentDays.length ? ' warn-text' : ''}`} data-testid="coverage-silent-days">
        {c.silentDays.length === 0
          ? 'No silent day: every day of the window has a record.'
          : `Silent days (${fmtInt(c.silentDays.length)}): ${c.silences
              .slice(0, NAMED_SILENCES)
              .map(spanText)
              .join(
                ', ',
              )}${c.silences.length > NAMED_SILENCES ? `, and ${c.silences.length - NAMED_SILENCES} more silences (tickmark coverage lists them all)` : ''}.`}
      </p>
      <p className="small muted">
        Outside the window: {fmtInt(c.beforeWindow)} before, {fmtInt(c.afterWindow)} after · Duplicates (same {d.basis}):{' '}
        {!d.checked
          ? 'not known until the bundle is verified'
          : d.extra === 0
            ? 'none'
            : `${fmtInt(d.extra)} (${d.examples.map((e) => e.key).join(', ')})`}
      </p>
      <p className={`small${c.retention.met === false ? ' warn-text' : ' muted'}`} data-testid="coverage-retention">
        Retention: {c.retention.text}
      </p>
    </li>
  );
}

/** Sources × UTC days over the audit window (#15 Completeness): a heat strip per source, silent days marked and named. */
export function CoveragePanel() {
  const version = useDataVersion((s) => s.version);
  const ensureLoaded = useCoverage((s) => s.ensureLoaded);
  const report = useCoverage((s) => s.report);
  const loading = useCoverage((s) => s.loading);
  const error = useCoverage((s) => s.error);
  useEffect(() => ensureLoaded(version), [version, ensureLoaded]);
  return (
    <Panel
      title="Coverage of the audit window, per source and UTC day"
      id="coverage"
      actions={
        <ul className="legend" aria-label="Coverage legend">
          <li>
            <span className="swatch cov-swatch cov-h1" aria-hidden="true" />
            few records
          </li>
          <li>
            <span className="swatch cov-swatch cov-h4" aria-hidden="true" />
            many
          </li>
          <li>
            <span className="swatch cov-swatch cov-silent" aria-hidden="true" />
            silent day
          </li>
        </ul>
      }
    >
      {error ? <p className="warn-text">{error}</p> : null}
      {report ? (
        <div data-testid="coverage-matrix">
          <p className="small muted">
            {report.window.firstDay} – {report.window.lastDay}: {fmtInt(report.window.days)} UTC days, {BASIS[report.window.basis]}; framework{' '}
            {report.framework}.{report.window.days > 400 ? ' One cell a week; a red week holds at least one silent day.' : ' One cell a day.'}
          </p>
          <ul className="cov-sources">
            {report.sources.map((c) => (
              <SourceRow key={`${c.source.bundleId}/${c.source.stream}`} c={c} firstDay={report.window.firstDay} lastDay={report.window.lastDay} />
            ))}
          </ul>
          <p className={`small${report.retention.met === false ? ' warn-text' : ''}`}>All sources: {report.retention.text}</p>
        </div>
      ) : loading ? (
        <p className="muted small">Counting records per day…</p>
      ) : error ? null : (
        <p className="muted small">No audit window is set and there is no record: nothing to count.</p>
      )}
    </Panel>
  );
}
