// Workspace schema, one migration per version. A migration is applied once, inside a transaction, and
// recorded in schema_migrations; a workspace from a newer Tickmark is refused rather than misread.

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'engagements, bundles, streams, events, evidence, verification runs and findings',
    sql: `
CREATE TABLE engagements (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  client TEXT NOT NULL DEFAULT '',
  system TEXT NOT NULL DEFAULT '',
  framework TEXT NOT NULL DEFAULT 'SOC 2',
  window_start TEXT,
  window_end TEXT,
  silent_interval_ms INTEGER,
  created_at TEXT NOT NULL
);
CREATE TABLE pinned_keys (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  vkey TEXT NOT NULL,
  key_name TEXT NOT NULL,
  key_id TEXT NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  added_at TEXT NOT NULL,
  UNIQUE (engagement_id, vkey)
);
CREATE TABLE bundles (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  source_path TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  source_sha256 TEXT,
  manifest_sha256 TEXT NOT NULL,
  tenant_id TEXT NOT NULL,
  tenant_name TEXT NOT NULL,
  window_start TEXT NOT NULL,
  window_end TEXT NOT NULL,
  event_count INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,
  UNIQUE (engagement_id, manifest_sha256)
);
-- Every file of the bundle as received: its size and SHA-256, and its bytes unless it is a stream file
-- (stream files live on as their lines in events.raw).
CREATE TABLE bundle_files (
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  path TEXT NOT NULL,
  role TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  content BLOB,
  PRIMARY KEY (bundle_id, path)
);
CREATE TABLE streams (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  stream_key TEXT NOT NULL,
  origin TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  files TEXT NOT NULL DEFAULT '[]',
  first_seq INTEGER NOT NULL,
  declared_count INTEGER NOT NULL,
  imported_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (bundle_id, stream_key)
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL REFERENCES streams(id),
  file_no INTEGER NOT NULL,
  line INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  category TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  mfa INTEGER,
  raw TEXT NOT NULL
);
CREATE INDEX events_stream_line ON events (stream_id, file_no, line);
CREATE INDEX events_ts ON events (ts_ms);
CREATE INDEX events_category_ts ON events (category, ts_ms);
CREATE INDEX events_actor_ts ON events (actor_id, ts_ms);
CREATE INDEX events_action_ts ON events (action, ts_ms);
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  path TEXT NOT NULL,
  declared_sha256 TEXT NOT NULL,
  declared_size INTEGER NOT NULL,
  media_type TEXT NOT NULL DEFAULT '',
  controls TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '',
  UNIQUE (bundle_id, path)
);
CREATE TABLE verification_runs (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  verdict TEXT NOT NULL,
  pinned_keys TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  report TEXT NOT NULL
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES verification_runs(id),
  code TEXT NOT NULL,
  severity TEXT NOT NULL,
  stream_key TEXT,
  seq INTEGER,
  file TEXT,
  line INTEGER,
  expected TEXT,
  found TEXT,
  message TEXT NOT NULL
);
CREATE INDEX findings_run ON findings (run_id, severity);
`,
  },
  {
    version: 2,
    description: 'activity log, populations, sampling sessions, items, results and sign-offs',
    sql: `
-- The workstation's own audit trail, hash-chained like the bundles it verifies.
CREATE TABLE activity_log (
  seq INTEGER PRIMARY KEY,
  ts TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE populations (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  name TEXT NOT NULL,
  filter TEXT NOT NULL,
  size INTEGER NOT NULL,
  first_ts TEXT,
  last_ts TEXT,
  -- SHA-256 over the members' record hashes in population order: the population, frozen
  digest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (engagement_id, name)
);
-- Members in population order (time, then stream, then seq): index i is item i of the population.
CREATE TABLE population_members (
  population_id INTEGER NOT NULL REFERENCES populations(id),
  idx INTEGER NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id),
  ts_ms INTEGER NOT NULL,
  PRIMARY KEY (population_id, idx)
) WITHOUT ROWID;
CREATE INDEX population_members_ts ON population_members (population_id, ts_ms);
CREATE TABLE population_streams (
  population_id INTEGER NOT NULL REFERENCES populations(id),
  stream_id INTEGER NOT NULL REFERENCES streams(id),
  count INTEGER NOT NULL,
  PRIMARY KEY (population_id, stream_id)
);
CREATE TABLE sampling_sessions (
  id INTEGER PRIMARY KEY,
  population_id INTEGER NOT NULL REFERENCES populations(id),
  name TEXT NOT NULL,
  control_id TEXT NOT NULL DEFAULT '',
  control_description TEXT NOT NULL DEFAULT '',
  objective TEXT NOT NULL DEFAULT '',
  plan TEXT NOT NULL,
  selection TEXT NOT NULL,
  seed TEXT NOT NULL,
  seed_material TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  preparer TEXT,
  prepared_at TEXT,
  reviewer TEXT,
  reviewed_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TABLE session_attributes (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sampling_sessions(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sample_items (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sampling_sessions(id),
  position INTEGER NOT NULL,
  population_index INTEGER NOT NULL,
  event_id INTEGER NOT NULL REFERENCES events(id),
  stratum TEXT,
  tickmarks TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '[]',
  UNIQUE (session_id, position)
);
CREATE TABLE item_results (
  item_id INTEGER NOT NULL REFERENCES sample_items(id),
  attribute_id INTEGER NOT NULL REFERENCES session_attributes(id),
  result TEXT NOT NULL,
  PRIMARY KEY (item_id, attribute_id)
);
CREATE TABLE tickmark_legend (
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  symbol TEXT NOT NULL,
  meaning TEXT NOT NULL,
  PRIMARY KEY (engagement_id, symbol)
);
`,
  },
  {
    version: 3,
    description: 'per-engagement SOC 2 frequency guidance',
    sql: `
-- the auditor's own sizes by control frequency, JSON {"weekly":{"lower":5,"higher":15},…}; NULL: the defaults
ALTER TABLE engagements ADD COLUMN frequency_guidance TEXT;
`,
  },
  {
    version: 4,
    description: 'the verification each population was drawn under',
    sql: `
-- when the population was defined: the workspace's latest verification run (NULL: there was none) and the
-- verdict then ('not-verified' when some bundle had no run); a NULL verdict: defined before this was kept
ALTER TABLE populations ADD COLUMN verification_run_id INTEGER;
ALTER TABLE populations ADD COLUMN verification_verdict TEXT;
ALTER TABLE populations ADD COLUMN verification_finished_at TEXT;
`,
  },
  {
    version: 5,
    description: "a random workspace id, by which the auditor's profile keeps its record of the workspace",
    sql: `
-- The auditor's profile keeps this workspace's pinned keys and activity-log head outside the file, under
-- this id and the file's path (store/anchor-ledger.ts). Random, so it says nothing about the engagement.
CREATE TABLE workspace_identity (workspace_id TEXT NOT NULL);
INSERT INTO workspace_identity (workspace_id) VALUES (lower(hex(randomblob(16))));
`,
  },
  {
    version: 6,
    description: 'sample replacements and extensions, test design and conclusions, review notes',
    sql: `
-- How an item joined the sample: the original draw, a replacement of an item not applicable, or an extension.
-- Added items carry the words of the seeded stream their draw consumed [draw_from, draw_to), so the next
-- addition continues where the last stopped (docs/sampling-algorithm.md §4.5).
ALTER TABLE sample_items ADD COLUMN origin TEXT NOT NULL DEFAULT 'draw';
ALTER TABLE sample_items ADD COLUMN replaces_item_id INTEGER REFERENCES sample_items(id);
ALTER TABLE sample_items ADD COLUMN added_reason TEXT;
ALTER TABLE sample_items ADD COLUMN added_at TEXT;
ALTER TABLE sample_items ADD COLUMN added_by TEXT;
ALTER TABLE sample_items ADD COLUMN draw_from INTEGER;
ALTER TABLE sample_items ADD COLUMN draw_to INTEGER;
-- set on an item that was replaced: why it does not belong to the population tested
ALTER TABLE sample_items ADD COLUMN replaced_reason TEXT;
-- the auditor's test design and judgement
ALTER TABLE session_attributes ADD COLUMN deviation_definition TEXT NOT NULL DEFAULT '';
ALTER TABLE session_attributes ADD COLUMN conclusion TEXT NOT NULL DEFAULT '';
ALTER TABLE sampling_sessions ADD COLUMN conclusion TEXT NOT NULL DEFAULT '';
ALTER TABLE sampling_sessions ADD COLUMN conclusion_by TEXT;
ALTER TABLE sampling_sessions ADD COLUMN conclusion_at TEXT;
CREATE TABLE deviation_analyses (
  item_id INTEGER NOT NULL REFERENCES sample_items(id),
  attribute_id INTEGER NOT NULL REFERENCES session_attributes(id),
  cause TEXT NOT NULL DEFAULT '',
  nature TEXT NOT NULL DEFAULT 'error',
  effect TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (item_id, attribute_id)
);
-- review notes on a session or one of its items: raised by a reviewer, answered by the preparer, cleared
CREATE TABLE review_notes (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sampling_sessions(id),
  item_id INTEGER REFERENCES sample_items(id),
  text TEXT NOT NULL,
  raised_by TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  answer TEXT,
  answered_by TEXT,
  answered_at TEXT,
  cleared_by TEXT,
  cleared_at TEXT
);
CREATE INDEX review_notes_session ON review_notes (session_id);
-- every recorded change looks up the session's latest reviewer sign-off (the "edited after review" mark)
CREATE INDEX activity_log_action ON activity_log (action);
`,
  },
  {
    version: 7,
    description: 'the kind of evidence each bundle row holds, and custody receipts for exports with no producer integrity',
    sql: `
-- what a bundle row was imported from: a Tickmark bundle (its manifest, signatures and chains are kept and
-- verified), or a source kind with no producer integrity, kept under a custody receipt (shared/source-kinds.ts)
ALTER TABLE bundles ADD COLUMN kind TEXT NOT NULL DEFAULT 'tickmark-bundle';
-- what Tickmark received (#15): the file's SHA-256 and size, its record count, and the RFC 9162 root over
-- the records as received (leaf i = the raw text of event seq i); workspace verification recomputes the root
-- from events.raw, so a record changed after receipt shows
CREATE TABLE custody_receipts (
  bundle_id INTEGER PRIMARY KEY REFERENCES bundles(id),
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  records INTEGER NOT NULL,
  merkle_root TEXT NOT NULL,
  received_at TEXT NOT NULL
);
`,
  },
  {
    version: 8,
    description: 'evidence tables: typed rows read from the evidence files a control test joins with the events',
    sql: `
-- One evidence file read as a table of a kind (../shared/formats/evidence-tables.md, #16): declared by a bundle's
-- manifest ("table" on an evidence entry) or chosen by the auditor at import. The file's SHA-256 and the
-- column mapping as applied are kept, so a row named {"evidence": path, "row": n} can be found again.
CREATE TABLE evidence_tables (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  bundle_id INTEGER REFERENCES bundles(id),
  kind TEXT NOT NULL CHECK (kind IN ('hr_roster', 'access_review', 'approved_access', 'change_log', 'restore_test', 'identity_map')),
  path TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  sheet TEXT,
  columns TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  content BLOB,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  UNIQUE (engagement_id, path, sha256)
);
-- Typed rows, one table per kind. row_no is the spreadsheet's row number (header = 1, first data row = 2).
-- A time column keeps the text as written and the instants it covers: a timestamp covers [t, t]; a date
-- (YYYY-MM-DD) the whole UTC day, from its 00:00 (_from_ms) to the next day's 00:00 (_to_ms).
-- Booleans are 0/1 (empty is 0); enumerations are stored in the spec's case; extra columns are kept as JSON.
CREATE TABLE et_hr_roster (
  table_id INTEGER NOT NULL REFERENCES evidence_tables(id),
  row_no INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  hired_on TEXT NOT NULL, hired_from_ms INTEGER, hired_to_ms INTEGER,
  terminated_on TEXT NOT NULL, terminated_from_ms INTEGER, terminated_to_ms INTEGER,
  department TEXT, manager TEXT, privileged INTEGER NOT NULL DEFAULT 0,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (table_id, row_no)
);
CREATE INDEX et_hr_roster_user ON et_hr_roster (user_id);
CREATE TABLE et_access_review (
  table_id INTEGER NOT NULL REFERENCES evidence_tables(id),
  row_no INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('retain', 'modify', 'revoke')),
  reviewed_on TEXT NOT NULL, reviewed_from_ms INTEGER, reviewed_to_ms INTEGER,
  comment TEXT,
  actioned_on TEXT, actioned_from_ms INTEGER, actioned_to_ms INTEGER,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (table_id, row_no)
);
CREATE INDEX et_access_review_user ON et_access_review (user_id);
CREATE TABLE et_approved_access (
  table_id INTEGER NOT NULL REFERENCES evidence_tables(id),
  row_no INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  role TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  approved_on TEXT NOT NULL, approved_from_ms INTEGER, approved_to_ms INTEGER,
  ticket_reference TEXT,
  expires_on TEXT, expires_from_ms INTEGER, expires_to_ms INTEGER,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (table_id, row_no)
);
CREATE TABLE et_change_log (
  table_id INTEGER NOT NULL REFERENCES evidence_tables(id),
  row_no INTEGER NOT NULL,
  change_id TEXT NOT NULL,
  change_ts TEXT NOT NULL, change_from_ms INTEGER, change_to_ms INTEGER,
  changed_by TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  change_type TEXT NOT NULL CHECK (change_type IN ('DDL', 'PIPELINE', 'ACCESS', 'INFRASTRUCTURE')),
  change_desc TEXT NOT NULL,
  approved_ts TEXT, approved_from_ms INTEGER, approved_to_ms INTEGER,
  affected_systems TEXT, ticket_reference TEXT, rollback_plan TEXT,
  change_outcome TEXT CHECK (change_outcome IS NULL OR change_outcome IN ('SUCCESS', 'FAILED', 'ROLLED_BACK')),
  emergency INTEGER NOT NULL DEFAULT 0,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (table_id, row_no)
);
CREATE TABLE et_restore_test (
  table_id INTEGER NOT NULL REFERENCES evidence_tables(id),
  row_no INTEGER NOT NULL,
  test_id TEXT NOT NULL,
  performed_on TEXT NOT NULL, performed_from_ms INTEGER, performed_to_ms INTEGER,
  system TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
  rto_minutes REAL, rpo_minutes REAL, evidence_ref TEXT,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (table_id, row_no)
);
CREATE TABLE et_identity_map (
  table_id INTEGER NOT NULL REFERENCES evidence_tables(id),
  row_no INTEGER NOT NULL,
  user_id TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  source TEXT,
  extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (table_id, row_no)
);
CREATE INDEX et_identity_map_actor ON et_identity_map (actor_id);
`,
  },
  {
    version: 9,
    description: 'control analytics: readable views over the events in scope and the evidence tables; analytics runs, exceptions and dispositions',
    sql: `
-- Control analytics (#16, docs/rule-packs.md). The rule packs' SQL reads only these views, so an auditor can
-- re-perform any rule in the sqlite3 CLI on the workspace file. Scope: a bundle's data is used when its
-- latest verification run (the highest run id for the bundle) has the verdict 'verified'; a bundle never
-- verified, or whose latest run failed or was unverifiable, is out of scope (and listed so in the run report).
CREATE VIEW bundle_scope AS
SELECT b.id AS bundle_id, b.kind, b.source_path, b.tenant_name AS tenant, b.event_count,
  r.id AS verification_run_id,
  coalesce(r.verdict, 'not-verified') AS verdict,
  coalesce(r.verdict = 'verified', 0) AS in_scope
FROM bundles b
LEFT JOIN verification_runs r ON r.id = (SELECT max(v.id) FROM verification_runs v WHERE v.bundle_id = b.id);
-- Evidence tables in scope: those of a bundle in scope, and those the auditor imported outside any bundle.
CREATE VIEW evidence_scope AS
SELECT t.id AS table_id, t.kind, t.path, t.sha256, t.row_count, t.bundle_id,
  CASE WHEN t.bundle_id IS NULL THEN 1
       ELSE coalesce((SELECT s.in_scope FROM bundle_scope s WHERE s.bundle_id = t.bundle_id), 0) END AS in_scope
FROM evidence_tables t;
-- One view per evidence kind, named by the kind: the file's path as "evidence", its spreadsheet row number as
-- "row" (header = 1), then the typed columns (a time column: the text, and _from_ms/_to_ms, the instants
-- it covers; a date covers its whole UTC day).
CREATE VIEW hr_roster AS
SELECT t.path AS evidence, r.row_no AS row, r.user_id, r.user_name,
  r.hired_on, r.hired_from_ms, r.hired_to_ms, r.terminated_on, r.terminated_from_ms, r.terminated_to_ms,
  r.department, r.manager, r.privileged, r.extra
FROM et_hr_roster r JOIN evidence_scope t ON t.table_id = r.table_id WHERE t.in_scope;
CREATE VIEW access_review AS
SELECT t.path AS evidence, r.row_no AS row, r.user_id, r.role, r.reviewer, r.decision,
  r.reviewed_on, r.reviewed_from_ms, r.reviewed_to_ms, r.comment, r.actioned_on, r.actioned_from_ms, r.actioned_to_ms, r.extra
FROM et_access_review r JOIN evidence_scope t ON t.table_id = r.table_id WHERE t.in_scope;
CREATE VIEW approved_access AS
SELECT t.path AS evidence, r.row_no AS row, r.user_id, r.role, r.approved_by,
  r.approved_on, r.approved_from_ms, r.approved_to_ms, r.ticket_reference, r.expires_on, r.expires_from_ms, r.expires_to_ms, r.extra
FROM et_approved_access r JOIN evidence_scope t ON t.table_id = r.table_id WHERE t.in_scope;
CREATE VIEW change_log AS
SELECT t.path AS evidence, r.row_no AS row, r.change_id, r.change_ts, r.change_from_ms, r.change_to_ms,
  r.changed_by, r.approved_by, r.change_type, r.change_desc, r.approved_ts, r.approved_from_ms, r.approved_to_ms,
  r.affected_systems, r.ticket_reference, r.rollback_plan, r.change_outcome, r.emergency, r.extra
FROM et_change_log r JOIN evidence_scope t ON t.table_id = r.table_id WHERE t.in_scope;
CREATE VIEW restore_test AS
SELECT t.path AS evidence, r.row_no AS row, r.test_id, r.performed_on, r.performed_from_ms, r.performed_to_ms,
  r.system, r.result, r.rto_minutes, r.rpo_minutes, r.evidence_ref, r.extra
FROM et_restore_test r JOIN evidence_scope t ON t.table_id = r.table_id WHERE t.in_scope;
CREATE VIEW identity_map AS
SELECT t.path AS evidence, r.row_no AS row, r.user_id, r.actor_id, r.source, r.extra
FROM et_identity_map r JOIN evidence_scope t ON t.table_id = r.table_id WHERE t.in_scope;
-- The actor ids of each user: identity_map maps an actor id to a user (an actor id mapped to several users
-- counts as the least user id); a user id that is not itself mapped is also its own actor id.
CREATE VIEW user_actors AS
SELECT min(m.user_id) AS user_id, m.actor_id FROM identity_map m GROUP BY m.actor_id
UNION
SELECT u.user_id, u.user_id AS actor_id
FROM (SELECT user_id FROM hr_roster UNION SELECT user_id FROM access_review UNION SELECT user_id FROM approved_access) u
WHERE u.user_id NOT IN (SELECT actor_id FROM identity_map);
-- The events of the bundles in scope. user_id: the actor's user after identity_map (the actor id itself when
-- unmapped). mfa: the event's mfa member, else details.mfa; NULL when neither was recorded (1 true, 0 false).
CREATE VIEW events_in_scope AS
SELECT e.id AS event_id, s.bundle_id, s.stream_key AS stream, e.seq, e.ts, e.ts_ms, e.category, e.action,
  e.actor_id, e.actor_type,
  coalesce((SELECT min(m.user_id) FROM identity_map m WHERE m.actor_id = e.actor_id), e.actor_id) AS user_id,
  e.target, e.outcome,
  coalesce(e.mfa, CASE json_type(e.raw, '$.details.mfa') WHEN 'true' THEN 1 WHEN 'false' THEN 0 END) AS mfa,
  e.stream_id, e.file_no, e.line
FROM events e JOIN streams s ON s.id = e.stream_id
WHERE s.bundle_id IN (SELECT bundle_id FROM bundle_scope WHERE in_scope);
-- The audit window, both ends inclusive, in ms since 1970 UTC: the engagement's window when it is set, else
-- the span of the audit windows of the bundles in scope. (julianday: days; 2440587.5 is 1970-01-01 00:00 UTC.)
CREATE VIEW audit_window AS
WITH eng AS (
  SELECT window_start, window_end FROM engagements
  WHERE window_start IS NOT NULL AND window_end IS NOT NULL ORDER BY id LIMIT 1
), bun AS (
  SELECT min(b.window_start) AS window_start, max(b.window_end) AS window_end
  FROM bundles b JOIN bundle_scope s ON s.bundle_id = b.id WHERE s.in_scope
), w AS (
  SELECT 'engagement' AS source, window_start, window_end FROM eng
  UNION ALL
  SELECT 'bundles', window_start, window_end FROM bun WHERE window_start IS NOT NULL AND NOT EXISTS (SELECT 1 FROM eng)
)
SELECT source, window_start, window_end,
  CAST(round((julianday(window_start) - 2440587.5) * 86400000) AS INTEGER) AS start_ms,
  CAST(round((julianday(window_end) - 2440587.5) * 86400000) AS INTEGER) AS end_ms
FROM w;
-- The ISO 8601 weeks (Monday 00:00 UTC first) that overlap the audit window, partial edge weeks included.
-- Day 0 (1970-01-01) was a Thursday, so a day d is (d + 3) % 7 days after its week's Monday; a week is named
-- by its Thursday: that day's year, and week number (day of year - 1) / 7 + 1.
CREATE VIEW audit_weeks AS
WITH RECURSIVE w(week_start_ms, end_ms) AS (
  SELECT (start_ms / 86400000 - (start_ms / 86400000 + 3) % 7) * 86400000, end_ms FROM audit_window
  UNION ALL
  SELECT week_start_ms + 604800000, end_ms FROM w WHERE week_start_ms + 604800000 <= end_ms
)
SELECT printf('%s-W%02d', strftime('%Y', (week_start_ms + 259200000) / 1000, 'unixepoch'),
    (CAST(strftime('%j', (week_start_ms + 259200000) / 1000, 'unixepoch') AS INTEGER) - 1) / 7 + 1) AS period,
  week_start_ms, week_start_ms + 604800000 AS week_end_ms
FROM w;
-- A rule pack as run: the pack's text and SHA-256, the parameters bound, the window, and the full report as JSON.
CREATE TABLE analytics_runs (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id),
  pack_id TEXT NOT NULL,
  pack_version TEXT NOT NULL,
  pack TEXT NOT NULL,
  pack_sha256 TEXT NOT NULL,
  parameters TEXT NOT NULL,
  window_start_ms INTEGER,
  window_end_ms INTEGER,
  report TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  run_by TEXT NOT NULL
);
-- Each exception (or info item) a run found, in the rules' order. key: SHA-256 over the rule id and the RFC 8785
-- form of refs (shared/analytics.ts), the same in every run that finds the same thing.
CREATE TABLE analytics_exceptions (
  run_id INTEGER NOT NULL REFERENCES analytics_runs(id),
  idx INTEGER NOT NULL,
  key TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('exception', 'info')),
  refs TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (run_id, idx),
  UNIQUE (run_id, key)
);
CREATE INDEX analytics_exceptions_rule ON analytics_exceptions (run_id, rule);
CREATE INDEX analytics_exceptions_key ON analytics_exceptions (key);
-- The auditor's dispositions by exception key: every one is kept, the latest (highest id) is the current one.
CREATE TABLE exception_dispositions (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('confirmed_deviation', 'explained', 'false_positive')),
  note TEXT NOT NULL DEFAULT '',
  disposed_by TEXT NOT NULL,
  disposed_at TEXT NOT NULL,
  CHECK (kind = 'confirmed_deviation' OR trim(note) <> '')
);
CREATE INDEX exception_dispositions_key ON exception_dispositions (key, id);
CREATE VIEW current_dispositions AS
SELECT d.key, d.kind, d.note, d.disposed_by, d.disposed_at FROM exception_dispositions d
WHERE d.id = (SELECT max(x.id) FROM exception_dispositions x WHERE x.key = d.key);
`,
  },
  {
    version: 10,
    description: "each stream's events by time (logging gaps, coverage) and sign-ins by actor (MFA of privileged users)",
    sql: `
-- A stream's events by time: the logging-gap rule hops along it (a few hundred seeks per stream instead of a
-- read of every event), and the per-day coverage counts read it without touching the rows. Built at the end
-- of a bulk import with the other deferred event indexes (schema.ts deferredEventIndexes).
CREATE INDEX events_stream_ts ON events (stream_id, ts_ms);
-- Sign-ins by actor (a partial index: auth events only, a sixth of a typical log): the MFA rule reads each
-- privileged actor's logins with one seek instead of looking up every event of that actor.
CREATE INDEX events_auth_actor ON events (actor_id, action, ts_ms) WHERE category = 'auth';
`,
  },
];
