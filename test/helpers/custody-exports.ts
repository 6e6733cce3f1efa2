// Exports of the custody-only kinds, written from their public specifications, each record with the fields
// Tickmark should read back — written here from the generator's own choices, never by calling a mapper:
//   Okta System Log LogEvent (developer.okta.com, System Log API: published, eventType, actor, target[],
//     outcome.result, authenticationContext, uuid), as JSONL or a JSON array;
//   GitHub audit log export (docs.github.com, "Exporting audit log activity": @timestamp in epoch ms,
//     action, actor, _document_id, repo/user/org…), as a JSON array, JSONL or CSV with a header row;
//   PostgreSQL csvlog lines (PostgreSQL docs, "Using CSV-Format Log Output", 23/24/26 columns) whose message
//     is a pgaudit entry ("AUDIT: SESSION,1,1,READ,SELECT,TABLE,public.t,<statement>,<not logged>", pgaudit
//     README, "Format"), mixed with ordinary log lines;
//   a JSONL/CSV of an in-house system with its field mapping (docs/field-mapping.schema.json).
import { seeded } from './fhir-audit-events';

export { seeded };

export interface ExpectedFields {
  ts: string;
  tsMs: number;
  category: string;
  action: string;
  actorId: string;
  actorType: string;
  target: string | null;
  outcome: 'success' | 'failure';
  mfa: number | null;
}

export interface GenRecord {
  /** the record as an object (JSON kinds) or its CSV fields (CSV kinds) */
  value: Record<string, unknown> | string[];
  /** null: not an audit record (a csvlog's other log line) */
  expected: ExpectedFields | null;
  dupKey: string | null;
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const hex = (rand: Rand, n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const BASE = Date.UTC(2026, 0, 1);
const timeIn = (rand: Rand, days = 300): number => BASE + Math.floor(rand() * days * 86_400_000);

// --- Okta ---------------------------------------------------------------------------------------------
const OKTA_TYPES: readonly [string, string][] = [
  ['user.session.start', 'auth'],
  ['user.authentication.auth_via_mfa', 'auth'],
  ['user.authentication.sso', 'auth'],
  ['policy.evaluate_sign_on', 'auth'],
  ['user.lifecycle.create', 'admin'],
  ['user.account.lock', 'admin'],
  ['group.user_membership.add', 'admin'],
  ['user.mfa.factor.deactivate', 'admin'],
  ['app.oauth2.as.token.grant', 'third_party'],
  ['policy.lifecycle.update', 'config_change'],
  ['system.org.rate_limit.warning', 'config_change'],
  ['application.lifecycle.update', 'config_change'],
  ['security.threat.detected', 'system'],
];
const OKTA_RESULTS: readonly [string, 'success' | 'failure'][] = [
  ['SUCCESS', 'success'],
  ['SUCCESS', 'success'],
  ['FAILURE', 'failure'],
  ['DENY', 'failure'],
  ['ALLOW', 'success'],
  ['CHALLENGE', 'success'],
  ['SKIPPED', 'success'],
  ['UNKNOWN', 'success'],
];

export function oktaEvent(rand: Rand, ms = timeIn(rand)): GenRecord {
  const [eventType, category] = pick(rand, OKTA_TYPES);
  const [result, outcome] = pick(rand, OKTA_RESULTS);
  const login = `${pick(rand, ['ana', 'bo', 'chen', 'dee'])}.${hex(rand, 3)}@example.com`;
  const system = rand() < 0.15;
  const actor = system
    ? { id: `0oa${hex(rand, 17)}`, type: 'PublicClientApp', displayName: 'Provisioning client' }
    : { id: `00u${hex(rand, 17)}`, type: 'User', alternateId: login, displayName: login.split('@')[0] };
  const targetKind = pick(rand, ['none', 'user', 'app', 'group'] as const);
  const target =
    targetKind === 'none'
      ? []
      : targetKind === 'user'
        ? [{ id: `00u${hex(rand, 17)}`, type: 'User', alternateId: `t.${hex(rand, 4)}@example.com`, displayName: 'Target User' }]
        : targetKind === 'app'
          ? [{ id: `0oa${hex(rand, 17)}`, type: 'AppInstance', displayName: 'Salesforce' }]
          : [{ id: `00g${hex(rand, 17)}`, type: 'UserGroup', alternateId: 'unknown', displayName: 'Engineering' }];
  const uuid = `${hex(rand, 8)}-${hex(rand, 4)}-11ee-${hex(rand, 4)}-${hex(rand, 12)}`;
  const value: Record<string, unknown> = {
    actor,
    client: { ipAddress: `198.51.100.${Math.floor(rand() * 250) + 1}`, zone: 'null', device: 'Computer' },
    authenticationContext: { authenticationStep: 0, externalSessionId: `102${hex(rand, 20)}`, credentialType: pick(rand, ['PASSWORD', 'OTP', null]) },
    displayMessage: 'An event',
    eventType,
    outcome: rand() < 0.9 ? { result, ...(outcome === 'failure' ? { reason: 'INVALID_CREDENTIALS' } : {}) } : null,
    published: new Date(ms).toISOString(),
    severity: pick(rand, ['INFO', 'WARN']),
    target,
    uuid,
    version: '0',
  };
  const t0 = target[0] as { id: string; alternateId?: string; displayName: string } | undefined;
  return {
    value,
    dupKey: uuid,
    expected: {
      ts: value['published'] as string,
      tsMs: ms,
      category,
      action: eventType,
      actorId: system ? actor.id : login,
      actorType: actor.type,
      target: t0 === undefined ? null : (t0.alternateId ?? t0.id),
      outcome: value['outcome'] === null ? 'success' : outcome,
      mfa: eventType === 'user.authentication.auth_via_mfa' ? 1 : null,
    },
  };
}

// --- GitHub -------------------------------------------------------------------------------------------
const GITHUB_ACTIONS: readonly [string, string][] = [
  ['repo.create', 'config_change'],
  ['repo.access', 'config_change'],
  ['protected_branch.destroy', 'config_change'],
  ['org.update_member', 'admin'],
  ['org.add_member', 'admin'],
  ['team.add_repository', 'admin'],
  ['oauth_authorization.create', 'third_party'],
  ['integration_installation.create', 'third_party'],
  ['user.login', 'auth'],
  ['user.failed_login', 'auth'],
  ['git.clone', 'system'],
  ['workflows.completed_workflow_run', 'system'],
];

export function githubEvent(rand: Rand, ms = timeIn(rand)): GenRecord {
  const [action, category] = pick(rand, GITHUB_ACTIONS);
  const bot = rand() < 0.1;
  const actor = bot ? 'dependabot[bot]' : `${pick(rand, ['octocat', 'hubot', 'mona'])}-${hex(rand, 3)}`;
  const repo = rand() < 0.6 ? `acme/${pick(rand, ['api', 'web', 'infra'])}` : null;
  const user = repo === null && rand() < 0.5 ? `user-${hex(rand, 3)}` : null;
  const doc = `${hex(rand, 6)}${pick(rand, ['AbC', 'xYz'])}-${hex(rand, 10)}`;
  const value: Record<string, unknown> = {
    '@timestamp': ms,
    _document_id: doc,
    action,
    actor,
    actor_id: Math.floor(rand() * 1e7),
    ...(bot ? { actor_is_bot: true } : {}),
    actor_location: { country_code: pick(rand, ['US', 'DE', 'JP']) },
    created_at: ms,
    operation_type: pick(rand, ['create', 'modify', 'access']),
    org: 'acme',
    ...(repo ? { repo } : {}),
    ...(user ? { user } : {}),
  };
  return {
    value,
    dupKey: doc,
    expected: {
      ts: new Date(ms).toISOString(),
      tsMs: ms,
      category,
      action,
      actorId: actor,
      actorType: bot ? 'bot' : 'user',
      target: repo ?? user ?? 'acme',
      outcome: action === 'user.failed_login' ? 'failure' : 'success',
      mfa: null,
    },
  };
}

export const GITHUB_CSV_COLUMNS = [
  '@timestamp',
  '_document_id',
  'action',
  'actor',
  'actor_id',
  'actor_location.country_code',
  'created_at',
  'operation_type',
  'org',
  'repo',
  'user',
] as const;

/** The CSV export's row of an event (nested members flattened with dots). */
export function githubCsvRow(v: Record<string, unknown>): string[] {
  return GITHUB_CSV_COLUMNS.map((c) => {
    const x = c === 'actor_location.country_code' ? (v['actor_location'] as { country_code: string }).country_code : v[c];
    return x === undefined ? '' : String(x);
  });
}

// --- pgaudit in csvlog --------------------------------------------------------------------------------
const PG_STATEMENTS: readonly { cls: string; command: string; objectType: string; object: string; sql: string; category: string }[] = [
  {
    cls: 'READ',
    command: 'SELECT',
    objectType: 'TABLE',
    object: 'public.patient',
    sql: 'SELECT id, name FROM public.patient WHERE id = $1',
    category: 'phi_access',
  },
  {
    cls: 'WRITE',
    command: 'UPDATE',
    objectType: 'TABLE',
    object: 'public.account',
    sql: "UPDATE account SET password = 'x', \"note\" = 'a,b' WHERE id = 1",
    category: 'phi_access',
  },
  {
    cls: 'DDL',
    command: 'CREATE TABLE',
    objectType: 'TABLE',
    object: 'public.audit_test',
    sql: 'create table audit_test (id int)',
    category: 'config_change',
  },
  { cls: 'ROLE', command: 'GRANT', objectType: '', object: '', sql: 'GRANT SELECT ON patient TO analyst', category: 'admin' },
  { cls: 'MISC', command: 'VACUUM', objectType: '', object: '', sql: 'VACUUM', category: 'system' },
  { cls: 'FUNCTION', command: 'EXECUTE', objectType: 'FUNCTION', object: 'public.refresh', sql: 'select public.refresh()', category: 'system' },
];

/** RFC 4180 quoting as PostgreSQL writes a csvlog field (and pgaudit its STATEMENT). */
export const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');

const pgTime = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
};

/** One csvlog line (`width` 23, 24 or 26 columns); an AUDIT entry unless `other`. */
export function pgauditLine(rand: Rand, ms = timeIn(rand), width: 23 | 24 | 26 = 26, other = false, lineNum = 1): GenRecord {
  const s = pick(rand, PG_STATEMENTS);
  const user = pick(rand, ['app_rw', 'dba', 'analyst']);
  const session = `${hex(rand, 8)}.${hex(rand, 4)}`;
  const severity = rand() < 0.1 ? 'ERROR' : 'LOG';
  const message = other
    ? 'connection authorized: user=app_rw database=clinic'
    : `AUDIT: ${pick(rand, ['SESSION', 'OBJECT'])},${1 + Math.floor(rand() * 9)},1,${s.cls},${s.command},${s.objectType},${s.object},${csvField(s.sql)},<not logged>`;
  const fields = [
    pgTime(ms),
    user,
    'clinic',
    String(1000 + Math.floor(rand() * 9000)),
    `10.0.0.${Math.floor(rand() * 250)}:${40000 + Math.floor(rand() * 20000)}`,
    session,
    String(lineNum),
    s.command,
    pgTime(ms - 60_000),
    `3/${Math.floor(rand() * 100)}`,
    '0',
    other ? 'LOG' : severity,
    '00000',
    message,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    'psql',
    'client backend',
    '',
    String(Math.floor(rand() * 1e9)),
  ].slice(0, width);
  return {
    value: fields,
    dupKey: other ? null : `${session}:${lineNum}`,
    expected: other
      ? null
      : {
          ts: new Date(ms).toISOString(),
          tsMs: ms,
          category: s.category,
          action: `${s.cls}.${s.command}`.toLowerCase().replace(/\s+/g, '_'),
          actorId: user,
          actorType: 'database-role',
          target: s.object === '' ? null : s.object,
          outcome: severity === 'ERROR' ? 'failure' : 'success',
          mfa: null,
        },
  };
}

// --- a mapped in-house export -------------------------------------------------------------------------
export const IN_HOUSE_MAPPING = {
  time: { field: 'when' },
  actor: { field: 'who.login', type: 'employee' },
  action: { field: 'what' },
  target: { field: 'object' },
  outcome: { field: 'status', success: ['ok'], failure: ['denied', 'error'] },
  category: { field: 'what', map: { login: 'auth', grant_role: 'admin', view_chart: 'phi_access' }, default: 'system' },
  id: { field: 'event_id' },
} as const;

const IN_HOUSE: readonly [string, string][] = [
  ['login', 'auth'],
  ['grant_role', 'admin'],
  ['view_chart', 'phi_access'],
  ['export_report', 'system'],
];

/** An in-house event: nested for JSONL (who.login), flat for CSV (a "who.login" column). */
export function inHouseEvent(rand: Rand, ms = timeIn(rand)): GenRecord {
  const [what, category] = pick(rand, IN_HOUSE);
  const status = pick(rand, ['ok', 'ok', 'denied', 'error'] as const);
  const login = `emp${hex(rand, 4)}`;
  const object = rand() < 0.7 ? `chart/${hex(rand, 5)}` : null;
  const id = `ev-${hex(rand, 10)}`;
  const d = new Date(ms);
  const when = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
  const sms = ms - (ms % 1000);
  return {
    value: { event_id: id, when, who: { login }, what, ...(object ? { object } : {}), status },
    dupKey: id,
    expected: {
      ts: when,
      tsMs: sms,
      category,
      action: what,
      actorId: login,
      actorType: 'employee',
      target: object,
      outcome: status === 'ok' ? 'success' : 'failure',
      mfa: null,
    },
  };
}

export const IN_HOUSE_CSV_COLUMNS = ['event_id', 'when', 'who.login', 'what', 'object', 'status'] as const;
export function inHouseCsvRow(v: Record<string, unknown>): string[] {
  return [v['event_id'], v['when'], (v['who'] as { login: string }).login, v['what'], v['object'] ?? '', v['status']].map(String);
}

/** n events of a generator, in time order (an export is), from one seed. */
export function series(gen: (rand: Rand, ms: number) => GenRecord, n: number, seed: number, days = 300): GenRecord[] {
  const rand = seeded(seed);
  const times = Array.from({ length: n }, () => timeIn(rand, days)).sort((a, b) => a - b);
  return times.map((ms) => gen(rand, ms));
}
