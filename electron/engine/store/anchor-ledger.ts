// The auditor's trust anchors, kept outside the workspace in the user's profile. A workspace file holds
// its own pinned keys and activity log, so whoever can write the file can forge an event, re-chain and
// re-sign it with their own key, swap the pinned keys and rewrite the activity log, all consistently.
// This machine therefore keeps, for every workspace it has opened, the pinned keys and the activity-log
// head it last saw there, and checks the file against that record on every open.
//
// The profile is a folder: $TICKMARK_DATA_DIR, else ~/.tickmark (the desktop app's data dir). In it:
//   auditor.key   this auditor's own Ed25519 signer key, made on first run, file mode 0600; one line in
//                 the signed-note signer form "PRIVATE+KEY+tickmark-auditor+<key id>+<base64(0x01||seed)>"
//   anchors.note  a C2SP signed note (shared/note.ts) signed by auditor.key. Its text is one JSON document
//                 and a newline: {"format":"tickmark-anchors/1","workspaces":[{"id","path","firstSeen",
//                 "updatedAt","pinnedKeys":[vkey, sorted],"activity":{"seq","hash"}}]}
// A note without a valid signature by auditor.key (or a note whose key is gone) is refused as a whole and
// never re-signed: that would launder whatever was changed in it.
//
// A workspace is identified by the random id stored in it (migration 4) together with its real path.
// On open: with a record for (id, path), the file's pinned keys must equal the recorded ones and its
// activity log must hold the recorded head at the recorded seq and chain intact (a longer log is fine and
// is reported; a cut or rewritten one is not). A record for the path under another id means the file was
// replaced. No record: the workspace is reported as first opened here, then recorded. Each time the engine
// appends to the activity log or pins a key, the record follows (Workspace.activityAppended); a
// workspace found altered keeps its old record until the auditor deals with it.
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { parseSignerKey, parseVerifierKey, signNote, signerFromSeed, verifyNote, type SignerKey } from '../../../shared/note';
import type { AnchorStatus } from '../../../shared/api';
import { activityHead, verifyActivityLog } from '../activity';
import type { ActivityStore } from '../activity';

/** What the ledger needs of a workspace (workspace.ts is one): its database and log, its file, and the
 *  check made when it was opened. */
interface AnchoredStore extends ActivityStore {
  readonly file: string;
  readonly anchors: AnchorCheck;
}

const KEY_FILE = 'auditor.key';
const LEDGER_FILE = 'anchors.note';
const KEY_NAME = 'tickmark-auditor';
const FORMAT = 'tickmark-anchors/1';

/** The desktop app's data dir, where the profile lives unless TICKMARK_DATA_DIR says otherwise. */
export function defaultDataDir(): string {
  return path.join(os.homedir(), '.tickmark');
}

export function profileDir(): string {
  return process.env.TICKMARK_DATA_DIR || defaultDataDir();
}

export interface WorkspaceRecord {
  id: string;
  path: string;
  firstSeen: string;
  updatedAt: string;
  /** verifier key strings, sorted */
  pinnedKeys: string[];
  /** the last activity entry this machine saw (seq -1: none yet) */
  activity: { seq: number; hash: string };
}

/** intact: matches this machine's record; new: created here; first-seen: no record (now recorded); altered. */
export type AnchorState = AnchorStatus['state'];

export interface AnchorCheck {
  state: AnchorState;
  /** what the auditor should read, one sentence each */
  messages: string[];
  workspaceId: string | null;
  /** the workspace's real path, as recorded */
  path: string;
  /** the signed record file */
  ledger: string;
  /** this machine's record as it stood when checked (null: none) */
  record: WorkspaceRecord | null;
}

/** The profile itself cannot be trusted or written: its record is missing a key, unsigned or altered. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

interface Ledger {
  dir: string;
  signer: SignerKey;
  records: WorkspaceRecord[];
}

function loadLedger(dir: string): Ledger {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dir, KEY_FILE);
  const ledgerFile = path.join(dir, LEDGER_FILE);
  let signer: SignerKey;
  if (existsSync(keyFile)) {
    try {
      signer = parseSignerKey(readFileSync(keyFile, 'utf8').trim());
    } catch (e) {
      throw new ProfileError(
        `${keyFile} does not hold this auditor's signing key (${(e as Error).message}); the local records in ${ledgerFile} cannot be checked.`,
      );
    }
  } else {
    if (existsSync(ledgerFile))
      throw new ProfileError(
        `${ledgerFile} exists but the auditor key that signed it (${keyFile}) is gone: the local records cannot be checked. Restore the key, or move both aside to start new records.`,
      );
    signer = signerFromSeed(KEY_NAME, randomBytes(32));
    try {
      writeFileSync(keyFile, `${signer.skey}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      signer = parseSignerKey(readFileSync(keyFile, 'utf8').trim()); // another process made it first
    }
  }
  if (!existsSync(ledgerFile)) return { dir, signer, records: [] };
  const bad = (why: string): ProfileError =>
    new ProfileError(
      `${ledgerFile} ${why}: the local record of your workspaces was altered, so nothing in it can be trusted. Move it aside to start a new record (every workspace is then reported as first opened here).`,
    );
  let text: string;
  try {
    const v = verifyNote(readFileSync(ledgerFile, 'utf8'), [parseVerifierKey(signer.vkey)]);
    if (!v.signatures.some((s) => s.status === 'verified'))
      throw bad(`does not carry a valid signature by this auditor's key (${signer.name}+${signer.keyId})`);
    text = v.text;
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    throw bad(`is not a readable signed note (${(e as Error).message})`);
  }
  const doc = JSON.parse(text) as { format?: unknown; workspaces?: unknown };
  if (doc.format !== FORMAT || !Array.isArray(doc.workspaces)) throw bad(`is not a ${FORMAT} record`);
  return { dir, signer, records: doc.workspaces as WorkspaceRecord[] };
}

function saveLedger(l: Ledger): void {
  const file = path.join(l.dir, LEDGER_FILE);
  const text = `${JSON.stringify({ format: FORMAT, workspaces: l.records }, null, 2)}\n`;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, signNote(text, [l.signer]), { mode: 0o600 });
  renameSync(tmp, file); // whole or not at all
}

function workspaceId(ws: AnchoredStore): string | null {
  try {
    return (ws.db.prepare('SELECT workspace_id FROM workspace_identity LIMIT 1').pluck().get() as string | undefined) ?? null;
  } catch {
    return null; // no such table: an older workspace opened read-only
  }
}

/** The keys pinned in the file, of any engagement in it, sorted. */
function filePins(ws: AnchoredStore): string[] {
  return ws.db.prepare('SELECT DISTINCT vkey FROM pinned_keys ORDER BY vkey').pluck().all() as string[];
}

/** Why the file does not match the record: pinned keys (unless `pinsMayGrow`), cut or rewritten log. */
function differences(ws: AnchoredStore, rec: WorkspaceRecord, pinsMayGrow: boolean): string[] {
  const out: string[] = [];
  const pins = filePins(ws);
  const added = pins.filter((k) => !rec.pinnedKeys.includes(k));
  const removed = rec.pinnedKeys.filter((k) => !pins.includes(k));
  if ((added.length > 0 && !pinsMayGrow) || removed.length > 0) {
    const parts = [...added.map((k) => `${k} was added`), ...removed.map((k) => `${k} was removed`)];
    out.push(
      `The workspace's pinned keys differ from those this machine recorded on ${rec.updatedAt} (changed outside Tickmark here): ${parts.join('; ')}.`,
    );
  }
  const log = verifyActivityLog(ws);
  if (rec.activity.seq >= 0) {
    const found = ws.db.prepare('SELECT hash FROM activity_log WHERE seq = ?').pluck().get(rec.activity.seq) as string | undefined;
    if (found === undefined)
      out.push(
        `The activity log has ${log.entries} intact entries and no entry ${rec.activity.seq}, which this machine recorded on ${rec.updatedAt} (hash ${rec.activity.hash}): the log was cut.`,
      );
    else if (found !== rec.activity.hash)
      out.push(
        `Activity entry ${rec.activity.seq} has hash ${found}, but this machine recorded ${rec.activity.hash} on ${rec.updatedAt}: the log was rewritten.`,
      );
  }
  if (!log.ok) out.push(`The activity log breaks at entry ${log.firstBreak!.seq}: ${log.firstBreak!.problem}.`);
  return out;
}

function recordOf(ws: AnchoredStore, id: string, p: string, now: string, firstSeen = now): WorkspaceRecord {
  const head = activityHead(ws);
  return { id, path: p, firstSeen, updatedAt: now, pinnedKeys: filePins(ws), activity: { seq: head.seq, hash: head.hash } };
}

/** Check a workspace just opened against this machine's record, and record it when there is none. */
export function checkAnchors(ws: AnchoredStore, created: boolean, dir = profileDir()): AnchorCheck {
  const p = realpathSync(ws.file);
  const id = workspaceId(ws);
  const base = { workspaceId: id, path: p, ledger: path.join(dir, LEDGER_FILE) };
  let l: Ledger;
  try {
    l = loadLedger(dir);
  } catch (e) {
    if (e instanceof ProfileError) return { ...base, state: 'altered', messages: [e.message], record: null };
    throw e;
  }
  const now = new Date().toISOString();
  const rec = l.records.find((r) => r.id === id && r.path === p);
  if (rec) {
    const problems = differences(ws, rec, false);
    if (problems.length > 0) return { ...base, state: 'altered', messages: problems, record: rec };
    const messages = [`Matches this machine's record (first opened here on ${rec.firstSeen}).`];
    const head = activityHead(ws);
    if (head.seq > rec.activity.seq) {
      messages.push(
        `Activity entries ${rec.activity.seq + 1}–${head.seq} were added since this machine's last record on ${rec.updatedAt} (on another machine, or outside Tickmark); they are recorded now.`,
      );
      l.records = l.records.map((r) => (r === rec ? recordOf(ws, r.id, p, now, r.firstSeen) : r));
      saveLedger(l);
    }
    return { ...base, state: 'intact', messages, record: rec };
  }
  const other = l.records.find((r) => r.path === p);
  if (other)
    return {
      ...base,
      state: 'altered',
      messages: [
        `This machine recorded a different workspace (id ${other.id}) at ${p} on ${other.updatedAt}; this file has ${id === null ? 'no id' : `id ${id}`}: it was replaced.`,
      ],
      record: other,
    };
  if (id === null)
    return {
      ...base,
      state: 'first-seen',
      messages: [`No local record: this workspace has no id (an older Tickmark's, opened read-only), so it cannot be recorded.`],
      record: null,
    };
  const messages = [
    created
      ? `Created here on ${now}; its pinned keys and activity log are recorded in ${base.ledger}.`
      : `No local record: first opened here on ${now}. Nothing on this machine vouches for the keys pinned in it or its activity log before now; from now on they are recorded in ${base.ledger}.`,
  ];
  for (const copy of l.records.filter((r) => r.id === id))
    messages.push(`The same workspace (id ${id}) is recorded at ${copy.path}: this file is a copy or was moved.`);
  l.records.push(recordOf(ws, id, p, now));
  saveLedger(l);
  return { ...base, state: created ? 'new' : 'first-seen', messages, record: null };
}

/**
 * After the engine appended to the activity log or pinned a key (and committed): move this machine's
 * record forward, but only from what it recorded, so a change made outside Tickmark is never adopted.
 * Returns the check to keep: unchanged, or altered when the file no longer follows the record.
 */
export function advanceAnchors(ws: AnchoredStore, check: AnchorCheck, dir = profileDir()): AnchorCheck {
  if (check.state === 'altered' || check.workspaceId === null) return check;
  let l: Ledger;
  try {
    l = loadLedger(dir);
  } catch (e) {
    if (e instanceof ProfileError) return { ...check, state: 'altered', messages: [e.message] };
    throw e;
  }
  const rec = l.records.find((r) => r.id === check.workspaceId && r.path === check.path);
  if (!rec)
    return {
      ...check,
      state: 'altered',
      messages: [`This machine's record of ${check.path} was removed from ${check.ledger} while the workspace was open.`],
    };
  const problems = differences(ws, rec, true);
  if (problems.length > 0) return { ...check, state: 'altered', messages: problems, record: rec };
  l.records = l.records.map((r) => (r === rec ? recordOf(ws, r.id, r.path, new Date().toISOString(), r.firstSeen) : r));
  saveLedger(l);
  return check;
}

/**
 * The keys that anchor verification of this workspace when the auditor gives none for the run: the
 * file's own pins while they match this machine's record, the recorded ones when the file was altered
 * (none when there is no trustworthy record).
 */
export function trustedPins(ws: AnchoredStore): string[] {
  const c = ws.anchors;
  if (c.state === 'altered') return c.record?.pinnedKeys ?? [];
  return filePins(ws);
}
