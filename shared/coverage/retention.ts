// Retention (#15): the span the records cover, stated against the retention the engagement's framework
// requires. HIPAA: documentation kept six years from its creation or last effective date (45 CFR
// §164.316(b)(2)(i)); SOC 2 sets no retention of its own, so the engagement's is one year, the twelve months
// a Type 2 report's period may cover. An engagement under both is held to the longer. The span is measured
// back from the latest record: N years before its day (the same calendar date), the day after that onward.
import { DAY_MS, dayText } from './days';

export interface RetentionRequirement {
  framework: string;
  /** null: no requirement is known for this framework */
  years: number | null;
  basis: string;
}

const HIPAA = { years: 6, basis: 'HIPAA: documentation retained 6 years (45 CFR §164.316(b)(2)(i))' };
const SOC2 = { years: 1, basis: 'SOC 2: 1 year, the 12 months a Type 2 report period may cover' };

/** The retention the engagement's framework asks for ('SOC 2', 'HIPAA', 'SOC 2 + HIPAA', as engagements.framework holds it). */
export function retentionRequired(framework: string): RetentionRequirement {
  const f = framework.toUpperCase();
  const hipaa = f.includes('HIPAA');
  const soc2 = /SOC\s*2/.test(f);
  if (hipaa) return { framework, ...HIPAA, basis: soc2 ? `${HIPAA.basis}, the longer of SOC 2's and HIPAA's` : HIPAA.basis };
  if (soc2) return { framework, ...SOC2 };
  return { framework, years: null, basis: `no retention requirement is known for the framework "${framework}"` };
}

export interface RetentionStatement extends RetentionRequirement {
  /** the first and last UTC day holding a record, null when there is none */
  firstDay: string | null;
  lastDay: string | null;
  /** days from the first to the last record's day, both included (0: no record) */
  coveredDays: number;
  /** the first day the requirement reaches back to, and how many days that is; null when no requirement */
  requiredFrom: string | null;
  requiredDays: number | null;
  /** true: the records reach back far enough; false: short by `shortDays`; null: no requirement or no record */
  met: boolean | null;
  shortDays: number;
  /** one sentence for the auditor */
  text: string;
}

/** The first day of the `years` ending with `lastDay` (the day after the same date `years` earlier). */
function requiredFromDay(lastDay: number, years: number): number {
  const d = new Date(lastDay * DAY_MS);
  const back = new Date(0);
  back.setUTCFullYear(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate());
  return Math.floor(back.getTime() / DAY_MS) + 1;
}

const days = (n: number): string => `${n.toLocaleString('en-US')} day${n === 1 ? '' : 's'}`;

/** The span covered by records from `firstDay` to `lastDay` (UTC days, null: no record) against the requirement. */
export function retentionStatement(req: RetentionRequirement, firstDay: number | null, lastDay: number | null): RetentionStatement {
  const base = { ...req, firstDay: null, lastDay: null, coveredDays: 0, requiredFrom: null, requiredDays: null, met: null, shortDays: 0 };
  if (firstDay === null || lastDay === null) return { ...base, text: `No record: nothing is retained. Required: ${req.basis}.` };
  const covered = lastDay - firstDay + 1;
  const span = `The records span ${dayText(firstDay)} – ${dayText(lastDay)} (${days(covered)})`;
  if (req.years === null)
    return { ...base, firstDay: dayText(firstDay), lastDay: dayText(lastDay), coveredDays: covered, text: `${span}; ${req.basis}.` };
  const from = requiredFromDay(lastDay, req.years);
  const required = lastDay - from + 1;
  const short = Math.max(0, firstDay - from);
  const need = `${req.years} year${req.years === 1 ? '' : 's'} back from the latest record reach${req.years === 1 ? 'es' : ''} ${dayText(from)}`;
  return {
    ...req,
    firstDay: dayText(firstDay),
    lastDay: dayText(lastDay),
    coveredDays: covered,
    requiredFrom: dayText(from),
    requiredDays: required,
    met: short === 0,
    shortDays: short,
    text:
      short === 0
        ? `${span}: they cover the retention required (${req.basis}); ${need}.`
        : `${span}: SHORT of the retention required (${req.basis}) by ${days(short)}; ${need}, the records begin ${dayText(firstDay)}.`,
  };
}
