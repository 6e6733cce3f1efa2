// `tickmark evidence`: read CSV or XLSX evidence files into typed tables of a kind (evidence-tables.md), and
// list the tables a workspace holds. Each prints a readable summary, or with --json the tables as data.
// A file that cannot be read is exit 2 with every problem on its own line (file, row, column); nothing is
// then added.
import { parseArgs } from 'node:util';
import { Workspace } from '../engine/store/workspace';
import {
  EVIDENCE_KINDS,
  EvidenceTableError,
  importEvidenceTables,
  listEvidenceTables,
  type EvidenceTableInfo,
  type EvidenceTableInput,
  type StoredTable,
} from '../engine/evidence/index';
import { isEvidenceKind } from '../../shared/evidence/kinds';
import { anchorNotice } from './anchors';
import { UsageError, type IO } from './sampling-commands';

export const EVIDENCE_USAGE = `  tickmark evidence <workspace> add <file.csv|xlsx>... --kind <kind> [--map standard=header]... [--sheet <name>]
                   [--bundle <id>] [--json]   (--bundle: the files are paths in that imported bundle)
  tickmark evidence <workspace> list [--json]
                   kinds: ${EVIDENCE_KINDS.join(', ')}`;

const USAGE = `evidence needs <workspace> add <file>... --kind <kind>, or <workspace> list`;

function mapping(values: string[] | undefined): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new UsageError(`--map takes standard=header (got ${JSON.stringify(v)})`);
    const std = v.slice(0, eq).trim();
    if (out[std] !== undefined) throw new UsageError(`--map gives ${std} twice`);
    out[std] = v.slice(eq + 1);
  }
  return out;
}

function bundleId(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--bundle takes a bundle number (got ${JSON.stringify(v)})`);
  return n;
}

function line(t: EvidenceTableInfo): string {
  return `#${String(t.id).padEnd(4)} ${t.kind.padEnd(16)} ${String(t.rowCount).padStart(7)} rows  ${t.sha256.slice(0, 16)}…  ${t.bundleId === null ? 'by hand  ' : `bundle #${t.bundleId}`.padEnd(9)}  ${t.path}${t.sheet ? ` [${t.sheet}]` : ''}`;
}

export async function evidenceCommand(rest: string[], io: IO): Promise<number> {
  const [file, sub, ...args] = rest;
  if (!file || (sub !== 'add' && sub !== 'list')) throw new UsageError(USAGE);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      map: { type: 'string', multiple: true },
      sheet: { type: 'string' },
      bundle: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (sub === 'list') {
    if (positionals.length > 0 || values.kind || values.map || values.sheet || values.bundle)
      throw new UsageError('evidence <workspace> list takes only --json');
  } else {
    if (positionals.length === 0) throw new UsageError('evidence <workspace> add needs at least one file');
    if (!values.kind) throw new UsageError(`evidence add needs --kind (one of ${EVIDENCE_KINDS.join(', ')})`);
    if (!isEvidenceKind(values.kind)) throw new UsageError(`--kind must be one of ${EVIDENCE_KINDS.join(', ')} (got ${JSON.stringify(values.kind)})`);
  }
  const columns = mapping(values.map);
  const bundle = bundleId(values.bundle);
  const ws = Workspace.open(file);
  anchorNotice(ws, io.err);
  try {
    if (sub === 'list') {
      const tables = listEvidenceTables(ws);
      if (values.json) io.out(JSON.stringify(tables, null, 2));
      else if (tables.length === 0) io.out('No evidence tables in this workspace.');
      else for (const t of tables) io.out(line(t));
      return 0;
    }
    const kind = values.kind as EvidenceTableInput['kind'];
    const inputs: EvidenceTableInput[] = positionals.map((p) => ({
      ...(bundle === undefined ? { file: p } : { path: p, bundleId: bundle }),
      kind,
      ...(columns ? { columns } : {}),
      ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    }));
    let stored: StoredTable[];
    try {
      stored = await importEvidenceTables(ws, inputs);
    } catch (e) {
      if (!(e instanceof EvidenceTableError)) throw e;
      // every problem on its own line: the auditor fixes them in one go
      for (const p of e.problems) io.err(`tickmark: ${p.message}`);
      if (e.problems.length >= 20) io.err('tickmark: … (the first 20 problems; there may be more)');
      io.err('tickmark: nothing was added.');
      return 2;
    }
    if (values.json) io.out(JSON.stringify(stored, null, 2));
    else
      for (const s of stored)
        io.out(
          s.status === 'imported'
            ? `Imported ${s.table.path} as ${s.table.kind} table #${s.table.id}: ${s.table.rowCount} rows, SHA-256 ${s.table.sha256}`
            : `Already imported: ${s.table.path} is ${s.table.kind} table #${s.table.id} (same file, same reading); nothing was added`,
        );
    return 0;
  } finally {
    ws.close();
  }
}
