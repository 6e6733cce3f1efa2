// The conclusion stated for each rule, from its outcome and the dispositions of its exceptions. It is what the
// evidence supports, in words; the auditor's own conclusion goes in the column beside it. An exception not
// yet dispositioned makes the rule's conclusion "incomplete": no conclusion is drawn over an open item.
import type { RuleOutcome } from '../../../shared/analytics';
import type { RenderedException } from './format';

export interface RuleConclusion {
  rule: string;
  criteria: string[];
  severity: RuleOutcome['severity'];
  performed: boolean;
  found: number;
  confirmed: number;
  explained: number;
  falsePositive: number;
  undisposed: number;
  state: 'no-exceptions' | 'deviations' | 'all-cleared' | 'incomplete' | 'not-performed' | 'info';
  text: string;
}

export function concludeRule(o: RuleOutcome, xs: RenderedException[], eventsInScope: number): RuleConclusion {
  const n = (k: string): number => xs.filter((x) => x.disposition?.kind === k).length;
  const c = {
    rule: o.rule,
    criteria: o.criteria,
    severity: o.severity,
    performed: o.status === 'performed',
    found: xs.length,
    confirmed: n('confirmed_deviation'),
    explained: n('explained'),
    falsePositive: n('false_positive'),
    undisposed: o.severity === 'exception' ? xs.filter((x) => !x.disposition).length : 0,
  };
  const on = `${o.criteria.join(', ')}`;
  if (o.status !== 'performed')
    return { ...c, state: 'not-performed', text: `Not performed (${o.note ?? 'see the Data sheet'}): this rule supports no conclusion on ${on}.` };
  if (o.severity === 'info')
    return { ...c, state: 'info', text: `${xs.length} item(s) listed for the auditor's attention; not exceptions, no disposition required.` };
  if (xs.length === 0)
    return {
      ...c,
      state: 'no-exceptions',
      text: `No exception over the ${eventsInScope.toLocaleString('en-US')} events in scope and the evidence tables on the Data sheet: the control, as this rule tests it, operated over the audit window (subject to the completeness and accuracy memo).`,
    };
  if (c.undisposed > 0)
    return {
      ...c,
      state: 'incomplete',
      text: `INCOMPLETE: ${c.undisposed} of ${xs.length} exception(s) not dispositioned. No conclusion on ${on} until each is confirmed, explained or shown to be a false positive.`,
    };
  if (c.confirmed > 0)
    return {
      ...c,
      state: 'deviations',
      text: `${c.confirmed} confirmed deviation(s) of ${xs.length} exception(s) (${c.explained} explained, ${c.falsePositive} false positive): the control did not operate as designed in those instances; evaluate their effect on ${on} and report them.`,
    };
  return {
    ...c,
    state: 'all-cleared',
    text: `Every exception was explained (${c.explained}) or a false positive (${c.falsePositive}), with the note recorded: no deviation remains for ${on}.`,
  };
}
