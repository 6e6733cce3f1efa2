// Okta System Log (developer.okta.com, System Log API, the LogEvent object) on the custody seam: a JSON array
// (a page of GET /api/v1/logs) or JSONL (one LogEvent a line, as log streaming and most exports write it).
//   ts        published (date-time, UTC with milliseconds as Okta writes it); refused when not RFC 3339
//   action    eventType ("user.session.start", "user.account.lock", …)
//   actor     actor.alternateId (the login or e-mail an auditor knows), else actor.id; type = actor.type
//   target    target[0].alternateId, else its id, else its displayName
//   outcome   outcome.result: FAILURE and DENY are failures; SUCCESS, ALLOW, and SKIPPED, CHALLENGE, UNKNOWN
//             (not a failure of the action) are successes; the result as written stays in the record
//   mfa       true for user.authentication.auth_via_mfa (a factor verified); else null (the event does not say)
//   category  by eventType prefix (OKTA_CATEGORY_RULES, first match); duplicates: the same uuid
import type { Category, Outcome } from '../../../../../shared/types';
import { parseRfc3339 } from '../../../../../shared/time';
import type { CustodySourceKind } from '../kind';
import { jsonArrayItems, jsonlItems } from '../framing/json-records';
import { byLine, arrAt, isObj, mapItems, objAt, parseLeaf, RecordShapeError, remapWith, required, strAt, type Mapped } from './record-shape';

export const OKTA_CATEGORY_RULES: readonly [RegExp, Category][] = [
  [/^(user\.session\.|user\.authentication\.|policy\.evaluate_sign_on|user\.mfa\.okta_verify)/, 'auth'],
  [/^(user\.lifecycle\.|user\.account\.|user\.mfa\.factor\.|group\.|application\.user_membership\.|iam\.|system\.role)/, 'admin'],
  [/^(app\.oauth2\.|application\.provision\.|app\.inbound_del_auth|app\.generic\.)/, 'third_party'],
  [/^(policy\.|application\.lifecycle\.|application\.policy|system\.|zone\.|network_zone\.|org\.)/, 'config_change'],
];

const FAILURE = ['FAILURE', 'DENY'];

export function mapOktaEvent(v: unknown): Mapped {
  if (!isObj(v)) throw new RecordShapeError(null, 'is not a LogEvent (a JSON object)');
  const published = required(strAt(v, 'published'), 'published', 'the time of the event');
  const tsMs = parseRfc3339(published);
  if (tsMs === null) throw new RecordShapeError('published', `has the published time "${published}", which is not an RFC 3339 date-time`);
  const eventType = required(strAt(v, 'eventType'), 'eventType', 'what happened');
  const actor = objAt(v, 'actor');
  const targets = arrAt(v, 'target');
  const t0 = targets[0];
  if (t0 !== undefined && !isObj(t0)) throw new RecordShapeError('target[0]', 'has target[0] that is not a JSON object');
  const outcome = objAt(v, 'outcome');
  const result = outcome === null ? null : strAt(outcome, 'result', 'outcome.result');
  objAt(v, 'authenticationContext'); // a LogEvent member of the wrong shape is refused like the others
  const uuid = strAt(v, 'uuid');
  const o: Outcome = result !== null && FAILURE.includes(result) ? 'failure' : 'success';
  return {
    fields: {
      ts: published,
      tsMs,
      category: OKTA_CATEGORY_RULES.find(([re]) => re.test(eventType))?.[1] ?? 'system',
      action: eventType,
      actorId: (actor && (strAt(actor, 'alternateId', 'actor.alternateId') ?? strAt(actor, 'id', 'actor.id'))) ?? 'unknown',
      actorType: (actor && strAt(actor, 'type', 'actor.type')) ?? 'Unknown',
      target:
        t0 === undefined
          ? null
          : (strAt(t0, 'alternateId', 'target[0].alternateId') ??
            strAt(t0, 'id', 'target[0].id') ??
            strAt(t0, 'displayName', 'target[0].displayName')),
      outcome: o,
      mfa: eventType === 'user.authentication.auth_via_mfa' ? true : null,
    },
    dupKey: uuid,
  };
}

const looksOkta = (s: string): boolean => /"eventType"\s*:/.test(s) && /"published"\s*:/.test(s) && /"uuid"\s*:|"actor"\s*:/.test(s);

export const oktaKind: CustodySourceKind = {
  id: 'okta-system-log',
  streamKey: 'okta-system-log',
  noun: 'Okta LogEvent',
  detect(head) {
    const first = head.split('\n', 1)[0]!;
    if (/^\s*\{/.test(first) && looksOkta(first)) return 'jsonl';
    if (/^\s*\[/.test(head) && looksOkta(head)) return 'json-array';
    return null;
  },
  frame(text) {
    const framing = /^\uFEFF?\s*\[/.test(text) ? 'json-array' : 'jsonl';
    const { items, problems } = framing === 'jsonl' ? jsonlItems(text) : jsonArrayItems(text);
    const mapped = mapItems(items, (it) => mapOktaEvent(it.value));
    return { framing, records: mapped.records, problems: [...problems, ...mapped.problems].sort(byLine), context: null, skipped: 0 };
  },
  remap: (leaf) => remapWith(() => mapOktaEvent(parseLeaf(leaf))),
};
