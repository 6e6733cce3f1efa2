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
];
