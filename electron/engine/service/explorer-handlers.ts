// The Explorer: filtered event pages, one event with its neighbours, findings and RFC 9162 inclusion proof,
// an event found by stream and seq (or file and line), and the values the filters offer.
import type { EventDetail } from '../../../shared/api';
import type { Finding } from '../../../shared/types';
import { digestLine, isDigest } from '../../../shared/digest';
import { inclusionProof, verifyInclusion } from '../../../shared/merkle';
import { toHex } from '../../../shared/hex';
import { latestRun } from '../store/runs';
import { whereFor } from '../query';
import { nodeHashing } from '../hashing';
import { eventRowOf } from '../store/event-rows';
import type { Workspace } from '../store/workspace';
import { ApiError, type Handlers, type ServiceContext } from './context';

type ExplorerMethods = 'queryEvents' | 'eventDetail' | 'findEvent' | 'filterValues';

export const ROW_COLUMNS =
  'e.id, s.bundle_id, s.stream_key, s.files, e.file_no, e.line, e.seq, e.ts, e.category, e.action, e.actor_id, e.actor_type, e.target, e.outcome';

/** Leaf hashes per stream in file order, cached: an inclusion proof needs the whole tree. */
export class LeafCache {
  private readonly byStream = new Map<number, Uint8Array[]>();

  clear(): void {
    this.byStream.clear();
  }

  leaves(ws: Workspace, streamId: number): Uint8Array[] {
    const hit = this.byStream.get(streamId);
    if (hit) return hit;
    const out: Uint8Array[] = [];
    for (const raw of ws.db
      .prepare('SELECT raw FROM events WHERE stream_id = ? ORDER BY file_no, line')
      .pluck()
      .iterate(streamId) as IterableIterator<string>) {
      const d = digestLine(raw, nodeHashing);
      out.push(isDigest(d) ? d.leafHash : new Uint8Array(32));
    }
    this.byStream.set(streamId, out);
    return out;
  }
}

export function explorerHandlers(ctx: ServiceContext, leafCache: LeafCache): Handlers<ExplorerMethods> {
  return {
    queryEvents: ({ filter, offset, limit }) => {
      const w = whereFor(filter);
      const db = ctx.workspace().db;
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM events e ${w.sql}`).get(...w.params) as { n: number }).n;
      const rows = (
        db
          .prepare(`SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id ${w.sql} ORDER BY e.ts_ms, e.id LIMIT ? OFFSET ?`)
          .all(...w.params, limit, offset) as Record<string, unknown>[]
      ).map((r) => eventRowOf(r));
      return { rows, total, offset };
    },
    eventDetail: ({ eventId }) => eventDetailOf(ctx.workspace(), leafCache, eventId),
    findEvent: ({ bundleId, stream, seq, file, line }) => {
      const db = ctx.workspace().db;
      const st = db.prepare('SELECT id, files FROM streams WHERE bundle_id = ? AND stream_key = ?').get(bundleId, stream) as
        { id: number; files: string } | undefined;
      if (!st) return null;
      let row: Record<string, unknown> | undefined;
      if (file !== undefined && line !== undefined) {
        const fileNo = (JSON.parse(st.files) as string[]).indexOf(file);
        row = db
          .prepare(`SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ? AND e.file_no = ? AND e.line = ?`)
          .get(st.id, fileNo, line) as Record<string, unknown> | undefined;
      }
      if (!row && seq !== undefined)
        row = db
          .prepare(
            `SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ? AND e.seq = ? ORDER BY e.file_no, e.line LIMIT 1`,
          )
          .get(st.id, seq) as Record<string, unknown> | undefined;
      return row ? eventRowOf(row) : null;
    },
    filterValues: () => {
      const db = ctx.workspace().db;
      const col = (sql: string): string[] => db.prepare(sql).pluck().all() as string[];
      return {
        streams: col('SELECT DISTINCT stream_key FROM streams ORDER BY 1'),
        categories: col('SELECT DISTINCT category FROM events ORDER BY 1'),
        actions: col('SELECT DISTINCT action FROM events ORDER BY 1'),
        actors: col('SELECT DISTINCT actor_id FROM events ORDER BY 1 LIMIT 5000'),
      };
    },
  };
}

function eventDetailOf(ws: Workspace, leafCache: LeafCache, eventId: number): EventDetail {
  const db = ws.db;
  const r = db
    .prepare(`SELECT ${ROW_COLUMNS}, e.raw, e.stream_id, e.file_no, s.first_seq FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.id = ?`)
    .get(eventId) as Record<string, unknown> | undefined;
  if (!r) throw new ApiError(`There is no event #${eventId}.`);
  const row = eventRowOf(r);
  const d = digestLine(r.raw as string, nodeHashing);
  const neighbours = (
    db
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM events e JOIN streams s ON s.id = e.stream_id WHERE e.stream_id = ? AND e.file_no = ? AND e.line BETWEEN ? AND ? ORDER BY e.line`,
      )
      .all(r.stream_id, r.file_no, row.line - 3, row.line + 3) as Record<string, unknown>[]
  ).map((r) => eventRowOf(r));
  const report = latestRun(ws, row.bundleId)?.report;
  const findings: Finding[] = (report?.streams.find((s) => s.id === row.stream)?.findings ?? []).filter(
    (f) => (f.line === row.line && f.file === row.file) || (f.line === undefined && f.seq === row.seq),
  );
  let proof: EventDetail['proof'] = null;
  if ((r.first_seq as number) === 0 && isDigest(d)) {
    const leaves = leafCache.leaves(ws, r.stream_id as number);
    const index = db
      .prepare('SELECT COUNT(*) FROM events WHERE stream_id = ? AND (file_no < ? OR (file_no = ? AND line < ?))')
      .pluck()
      .get(r.stream_id, r.file_no, r.file_no, row.line) as number;
    const path_ = inclusionProof(nodeHashing.merkle, index, leaves.length, leaves);
    const root = report?.streams.find((s) => s.id === row.stream)?.merkleRoot ?? null;
    const verifies = root !== null && verifyInclusion(nodeHashing.merkle, index, leaves.length, d.leafHash, path_, hexToBytes(root)).ok;
    proof = { leafIndex: index, treeSize: leaves.length, leafHash: toHex(d.leafHash), root: root ?? '', path: path_.map(toHex), verifies };
  }
  return {
    ...row,
    raw: r.raw as string,
    computedHash: isDigest(d) ? d.computedHash : '',
    claimedHash: isDigest(d) ? d.claimedHash : '',
    prevHash: isDigest(d) ? d.prevHash : '',
    findings,
    neighbours,
    proof,
  };
}

function hexToBytes(h: string): Uint8Array {
  return Uint8Array.from(Buffer.from(h, 'hex'));
}
