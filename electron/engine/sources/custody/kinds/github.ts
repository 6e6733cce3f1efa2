// GitHub audit log export (docs.github.com, "Reviewing the audit log for your organization / enterprise",
// Export: JSON or CSV; the REST audit-log API writes the same members) on the custody seam. Framings: a JSON
// array (the JSON export), JSONL (streamed or API pages written a line each) or CSV with a header row (the
// CSV export, nested members flattened with dots, e.g. actor_location.country_code).
//   ts        @timestamp, milliseconds since the epoch (a number in JSON, digits in CSV); shown as RFC 3339 UTC
//   action    action ("repo.create", "org.add_member", …)
//   actor     actor (the login); type "bot" for a login ending in [bot] or actor_is_bot, else "user"
//   target    repo, else user, else team, else org, else business (the first one the event names)
//   outcome   the audit log states none: an action naming a failure or refusal (…failed…, …denied…,
//             …reject…) is a failure, any other a success
//   mfa       null (the event does not say)
//   category  by action prefix (GITHUB_CATEGORY_RULES, first match); duplicates: the same _document_id
import type { Category } from '../../../../../shared/types';
import { isoFromMs } from '../../../../../shared/time';
import type { CustodySourceKind } from '../kind';
import { csvItems, csvLeafValues } from '../framing/csv-records';
import { jsonArrayItems, jsonlItems } from '../framing/json-records';
import { byLine, isObj, mapItems, parseLeaf, RecordShapeError, remapWith, type Mapped } from './record-shape';

export const GITHUB_CATEGORY_RULES: readonly [RegExp, Category][] = [
  [/^(user\.(login|logout|failed_login)|two_factor_authentication\.(login|recovery)|personal_access_token\.access|oauth_access\.)/, 'auth'],
  [
    /^(oauth_application\.|oauth_authorization\.|integration_installation\.|integration\.|marketplace_|org_credential_authorization\.)/,
    'third_party',
  ],
  [
    /^(org\.(add_member|remove_member|update_member|invite_member|add_outside_collaborator|remove_outside_collaborator|update_member_repository)|team\.|business\.(add_admin|remove_admin|add_member|remove_member|invite_admin)|role\.|repo\.(add_member|remove_member|update_member)|two_factor_authentication\.)/,
    'admin',
  ],
  [
    /^(repo\.|protected_branch\.|repository_ruleset\.|org\.|business\.|hook\.|secret_scanning|dependabot|environment\.|ip_allow_list|public_key\.|deploy_key\.)/,
    'config_change',
  ],
];

const FAILURE = /fail|denied|reject/;

/** `get` reads one member (JSON) or column (CSV); empty text counts as absent. */
export function mapGitHubEvent(get: (name: string) => unknown): Mapped {
  const str = (name: string): string | null => {
    const v = get(name);
    if (v === undefined || v === null || v === '') return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    throw new RecordShapeError(name, `has ${name} that is not a string`);
  };
  const raw = get('@timestamp') ?? get('created_at');
  const ms = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
  if (raw === undefined || raw === null || raw === '') throw new RecordShapeError('@timestamp', 'has no @timestamp (the time of the event)');
  if (ms === null || !Number.isSafeInteger(ms) || ms < 0 || ms > 8.64e15)
    throw new RecordShapeError('@timestamp', `has the @timestamp ${JSON.stringify(raw)}, which is not milliseconds since the epoch`);
  const action = str('action');
  if (action === null) throw new RecordShapeError('action', 'has no action (what happened)');
  const actor = str('actor');
  const bot = get('actor_is_bot') === true || get('actor_is_bot') === 'true' || (actor?.endsWith('[bot]') ?? false);
  return {
    fields: {
      ts: isoFromMs(ms),
      tsMs: ms,
      category: GITHUB_CATEGORY_RULES.find(([re]) => re.test(action))?.[1] ?? 'system',
      action,
      actorId: actor ?? 'unknown',
      actorType: bot ? 'bot' : 'user',
      target: str('repo') ?? str('user') ?? str('team') ?? str('org') ?? str('business'),
      outcome: FAILURE.test(action) ? 'failure' : 'success',
      mfa: null,
    },
    dupKey: str('_document_id'),
  };
}

const fromObject = (v: unknown): Mapped => {
  if (!isObj(v)) throw new RecordShapeError(null, 'is not an audit log event (a JSON object)');
  return mapGitHubEvent((n) => v[n]);
};

const fromRow = (header: readonly string[], values: readonly string[]): Mapped =>
  mapGitHubEvent((n) => {
    const i = header.indexOf(n);
    return i < 0 ? undefined : values[i];
  });

const looksGitHub = (s: string): boolean => /"@timestamp"\s*:/.test(s) && /"action"\s*:/.test(s);

export const githubKind: CustodySourceKind = {
  id: 'github-audit-log',
  streamKey: 'github-audit-log',
  noun: 'GitHub audit log',
  detect(head) {
    const first = head.split('\n', 1)[0]!;
    if (/^\s*\{/.test(first) && looksGitHub(first)) return 'jsonl';
    if (/^\s*\[/.test(head) && looksGitHub(head)) return 'json-array';
    const cols = first
      .replace(/\r$/, '')
      .split(',')
      .map((c) => c.replace(/^"|"$/g, ''));
    if (cols.includes('@timestamp') && cols.includes('action')) return 'csv';
    return null;
  },
  frame(text, _opts) {
    const framing = githubKind.detect(text.slice(0, 65536).replace(/^\uFEFF/, ''), '') ?? 'jsonl';
    if (framing === 'csv') {
      const { header, items, problems } = csvItems(text, true);
      const mapped = mapItems(items, (it) => fromRow(header ?? [], it.values));
      return { framing, records: mapped.records, problems: [...problems, ...mapped.problems].sort(byLine), context: { header }, skipped: 0 };
    }
    const { items, problems } = framing === 'jsonl' ? jsonlItems(text) : jsonArrayItems(text);
    const mapped = mapItems(items, (it) => fromObject(it.value));
    return { framing, records: mapped.records, problems: [...problems, ...mapped.problems].sort(byLine), context: null, skipped: 0 };
  },
  remap(leaf, context) {
    const header = isObj(context) && Array.isArray(context['header']) ? (context['header'] as string[]) : null;
    if (header === null) return remapWith(() => fromObject(parseLeaf(leaf)));
    const values = csvLeafValues(leaf);
    return values === null ? { problem: 'its stored record is no longer one CSV record' } : remapWith(() => fromRow(header, values));
  },
};
