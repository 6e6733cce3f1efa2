// The workstation's own audit trail. Every change to an engagement appends an entry whose hash covers the
// entry and the previous hash, exactly like a bundle's events (hash = SHA-256 of the RFC 8785 form
// without `hash`), so `tickmark verify-workspace` can prove the trail was only ever appended to, and a
// workpaper can carry the head it was exported at.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { canonicalizeWithout } from '../../shared/jcs';
import type Database from 'better-sqlite3';

/** What the log needs of a workspace (store/workspace.ts is one): its database, and word of an append so
 *  that the auditor's profile can follow the log's head (store/anchor-ledger.ts). */
export interface ActivityStore {
  readonly db: Database.Database;
  activityAppended(): void;
}

export const GENESIS = '0'.repeat(64);

export interface ActivityEntry {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export function defaultActor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function entryHash(e: Omit<ActivityEntry, 'hash'> & { hash?: string }): string {
  return createHash('sha256')
    .update(canonicalizeWithout(e as Record<string, unknown>, 'hash'), 'utf8')
    .digest('hex');
}

export function activityHead(ws: ActivityStore): { seq: number; hash: string } {
  const row = ws.db.prepare('SELECT seq, hash FROM activity_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  return row ?? { seq: -1, hash: GENESIS };
}

/** Append an entry; call inside the transaction that makes the change, so both land or neither. */
export function logActivity(ws: ActivityStore, actor: string, action: string, subject: string, details: Record<string, unknown>): ActivityEntry {
  const head = activityHead(ws);
  const e = { seq: head.seq + 1, ts: new Date().toISOString(), actor, action, subject, details, prev_hash: head.hash };
  const full: ActivityEntry = { ...e, hash: entryHash(e) };
  ws.db
    .prepare('INSERT INTO activity_log (seq, ts, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(full.seq, full.ts, full.actor, full.action, full.subject, JSON.stringify(full.details), full.prev_hash, full.hash);
  ws.activityAppended(); // the auditor's profile records the new head once it is committed
  return full;
}

export function activityEntries(ws: ActivityStore, limit = 10_000): ActivityEntry[] {
  return (ws.db.prepare('SELECT * FROM activity_log ORDER BY seq LIMIT ?').all(limit) as Record<string, unknown>[]).map(rowToEntry);
}

function rowToEntry(r: Record<string, unknown>): ActivityEntry {
  return {
    seq: r.seq as number,
    ts: r.ts as string,
    actor: r.actor as string,
    action: r.action as string,
    subject: r.subject as string,
    details: JSON.parse(r.details as string) as Record<string, unknown>,
    prev_hash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

export interface ActivityCheck {
  ok: boolean;
  entries: number;
  head: string;
  /** the first entry where the trail breaks, with why */
  firstBreak: { seq: number; problem: string } | null;
}

/** Recompute the trail: each entry's hash from its content, each link, consecutive seq from 0. */
export function verifyActivityLog(ws: ActivityStore): ActivityCheck {
  let prev = GENESIS;
  let expectSeq = 0;
  let n = 0;
  for (const r of ws.db.prepare('SELECT * FROM activity_log ORDER BY seq').iterate() as IterableIterator<Record<string, unknown>>) {
    let e: ActivityEntry;
    try {
      e = rowToEntry(r);
    } catch {
      return { ok: false, entries: n, head: prev, firstBreak: { seq: r.seq as number, problem: 'its details are not valid JSON' } };
    }
    const problem =
      e.seq !== expectSeq
        ? `expected entry ${expectSeq} here, found ${e.seq}: an entry was removed`
        : e.prev_hash !== prev
          ? 'it does not link to the entry before it: an entry was removed, inserted or rewritten'
          : entryHash(e) !== e.hash
            ? 'its content does not match its hash: the entry was altered'
            : null;
    if (problem) return { ok: false, entries: n, head: prev, firstBreak: { seq: e.seq, problem } };
    prev = e.hash;
    expectSeq++;
    n++;
  }
  return { ok: true, entries: n, head: prev, firstBreak: null };
}
