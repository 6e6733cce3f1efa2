// `tickmark import` and `tickmark verify <file>` for the custody-only kinds (#15): FHIR AuditEvent, Okta
// System Log, GitHub audit log, pgaudit csvlog, and any JSONL/CSV under a declared field mapping (--map).
// The kind is --as, else detected from each file's first 64 KiB; a folder may hold several files of one
// kind. What is reported: records imported, duplicates, records outside the audit window (--window, else
// the engagement's), and the custody digest — each file's SHA-256 and RFC 9162 root. Exit codes as for every
// source: 0 imported, 2 unusable input (a refused record names its file and line; nothing is written).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Workspace, verifyWorkspace } from '../engine/index';
import { InputError } from '../engine/io/source';
import { custodyKind, detectCustodyKind } from '../engine/sources/custody/registry';
import type { CustodySourceKind, FrameOptions } from '../engine/sources/custody/kind';
import { headOf } from '../engine/sources/custody/read';
import { importCustody, type CustodyImportResult } from '../engine/sources/custody/import';
import type { RecordPlace } from '../engine/sources/custody/completeness';
import { custodyReport } from '../engine/sources/custody/report';
import { parseWindow } from '../engine/sources/custody/window';
import { readMappingFile } from '../engine/sources/custody/mapping-file';
import type { CustodyReport } from '../../shared/custody-report';
import { INTEGRITY_GRADE_TEXT, SOURCE_KINDS } from '../../shared/source-kinds';
import type { Verdict } from '../../shared/types';
import { anchorNotice } from './anchors';
import { EXIT, describe, exitFor } from './report-output';
import { UsageError } from './sampling-commands';

type Io = { out: (s: string) => void; err: (s: string) => void };

/** --as names → kinds */
export const AS_NAMES: Readonly<Record<string, string>> = {
  fhir: 'fhir-audit-event',
  okta: 'okta-system-log',
  github: 'github-audit-log',
  pgaudit: 'pgaudit',
  csv: 'mapped-csv',
  jsonl: 'mapped-jsonl',
  atna: 'atna',
};

export interface CustodyTarget {
  kind: CustodySourceKind;
  files: string[];
  opts: FrameOptions;
}

/** The regular, visible files directly in a folder, in name order. */
function filesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort()
    .map((n) => path.join(dir, n))
    .filter((p) => statSync(p).isFile());
}

/**
 * The custody-only kind and files at `location`, or null when it is none of them (a Tickmark bundle or a
 * CloudTrail kit, then). --as chooses the kind; else each file's head is asked, and a folder must hold
 * files of one kind only.
 */
export function custodyTarget(location: string, as: string | undefined, map: string | undefined): CustodyTarget | null {
  const isDir = statSync(location, { throwIfNoEntry: false })?.isDirectory() ?? false;
  const mapping = map === undefined ? undefined : readMappingFile(map);
  const opts: FrameOptions = mapping === undefined ? {} : { mapping };
  let asId = as === undefined ? undefined : AS_NAMES[as];
  if (as !== undefined && (asId === undefined || custodyKind(asId) === null))
    throw new UsageError(
      `--as must be one of ${Object.keys(AS_NAMES)
        .filter((n) => custodyKind(AS_NAMES[n]!) !== null)
        .join(', ')} (got "${as}")`,
    );
  if (asId === undefined && mapping !== undefined) asId = mapping.format === 'csv' ? 'mapped-csv' : 'mapped-jsonl';
  const chosen = asId === undefined ? null : custodyKind(asId)!;
  if (chosen?.needsMapping && mapping === undefined) throw new UsageError(`--as ${as} needs --map <mapping.json> (docs/field-mapping.schema.json)`);
  if (chosen && !chosen.needsMapping && mapping !== undefined)
    throw new UsageError(`--map is for --as csv or jsonl; ${chosen.noun} has its own mapping`);
  if (isDir) {
    const files = filesIn(location);
    if (chosen) {
      if (files.length === 0) throw new InputError(`${location} holds no file to import.`, location);
      return { kind: chosen, files, opts };
    }
    const kinds = files.map((f) => detectCustodyKind(headOf(f) ?? '', f)?.kind ?? null);
    if (kinds.every((k) => k === null)) return null;
    const first = kinds.find((k) => k !== null)!;
    const odd = files.findIndex((_, i) => kinds[i] !== first);
    if (odd >= 0)
      throw new InputError(
        `${files[odd]} is ${kinds[odd] ? kinds[odd].noun : 'of no kind Tickmark detects'}, but ${location} also holds ${first.noun} exports: a folder is imported as one kind (give --as, or move it out).`,
        files[odd],
      );
    return { kind: first, files, opts };
  }
  if (chosen) return { kind: chosen, files: [location], opts };
  const head = headOf(location);
  const found = head === null ? null : detectCustodyKind(head, location);
  return found === null ? null : { kind: found.kind, files: [location], opts };
}

export interface CustodyImportArgs {
  workspace: string;
  pin?: string[];
  verify?: boolean;
  json?: boolean;
  window?: string;
}

export async function custodyImportCommand(t: CustodyTarget, a: CustodyImportArgs, io: Io): Promise<number> {
  if (a.pin?.length) throw new UsageError(`a ${SOURCE_KINDS[t.kind.id].label} carries no producer signature: there is no key to pin`);
  const window = a.window === undefined ? undefined : parseWindow(a.window);
  const ws = Workspace.open(a.workspace, { create: true });
  anchorNotice(ws, io.err);
  try {
    const r = importCustody(ws, t.kind, t.files, { ...t.opts, window });
    if (a.json && !a.verify) io.out(JSON.stringify(r, null, 2));
    else if (!a.json) describeImport(r, io.out);
    if (!a.verify) return EXIT.verified;
    // each file's bundle, verified again from what the workspace kept (an already imported one too)
    const ids = new Set(r.files.map((f) => f.bundleId ?? f.alreadyIn?.bundleId));
    const runs = (await verifyWorkspace(ws)).filter((x) => ids.has(x.bundleId));
    const reports = runs.map((x) => x.report);
    if (a.json) io.out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
    else {
      const kind = SOURCE_KINDS[t.kind.id];
      io.out(`Kind     ${kind.label}; integrity grade: ${INTEGRITY_GRADE_TEXT[kind.integrity]}`);
      reports.forEach((rep) => describe(rep, io.out, true));
    }
    const verdict: Verdict = reports.some((x) => x.verdict === 'failed') ? 'failed' : 'unverifiable';
    return exitFor(verdict, reports);
  } finally {
    ws.close();
  }
}

/** "audit.log line 7", or the kind's own words for the place ("audit.tls message 3 (byte offset 1234, line 1)"). */
const placeText = (p: RecordPlace): string => `${path.basename(p.file)} ${p.place ?? `line ${p.line}`}`;

function describeImport(r: CustodyImportResult, out: (s: string) => void): void {
  out(r.status === 'duplicate' ? `Already imported: ${r.message}` : `${r.message} (${r.seconds.toFixed(1)} s)`);
  for (const f of r.files) {
    const where = f.bundleId !== null ? `bundle #${f.bundleId}` : f.alreadyIn ? `already bundle #${f.alreadyIn.bundleId}` : 'same bytes as above';
    out(`Custody  ${path.basename(f.file)}: SHA-256 ${f.sha256}, ${f.records} records, RFC 9162 root ${f.merkleRoot} (${where})`);
    if (f.skipped > 0) out(`         ${f.skipped} line(s) of the file are not audit records: covered by its SHA-256 only`);
  }
  for (const w of r.warnings) out(`Warning  ${w}`);
  out(`Duplicates ${r.duplicates.count}${r.duplicates.count > 0 ? ' (records whose event id was already seen; kept, as received)' : ''}`);
  for (const d of r.duplicates.examples.slice(0, 10)) out(`         ${placeText(d.at)}: ${d.key}, first at ${placeText(d.first)}`);
  const w = r.outOfWindow;
  if (w.window === null) out('Window   none: give --window START/END or set the engagement window to count records outside it');
  else {
    out(
      `Window   ${w.window.start} – ${w.window.end} (${w.window.from === 'option' ? '--window' : "the engagement's"}): ${w.count} record(s) outside it (${w.before} before, ${w.after} after)`,
    );
    for (const x of w.examples.slice(0, 10)) out(`         ${placeText(x)}: ${x.ts}`);
  }
}

export function custodyVerifyCommand(
  t: CustodyTarget,
  a: { pin?: string[]; 'pin-file'?: string[]; json?: boolean; out?: string; silentIntervalMs?: number },
  io: Io,
): number {
  const label = SOURCE_KINDS[t.kind.id].label;
  if (a.pin?.length || a['pin-file']?.length) throw new UsageError(`a ${label} carries no producer signature: there is no key to pin`);
  if (t.files.length !== 1) throw new UsageError('verify takes one export file; import a folder to check each of its files');
  const report = custodyReport(t.kind, t.files[0]!, { ...t.opts, silentIntervalMs: a.silentIntervalMs });
  const json = JSON.stringify(report, null, 2);
  if (a.out) writeFileSync(a.out, `${json}\n`);
  if (a.json) io.out(json);
  else describeCustodyReport(report, io.out);
  // unusable records are exit 2, as for any source; a readable export is custody only: never "verified"
  return report.problems.length > 0 ? EXIT.unusable : EXIT.unanchored;
}

function describeCustodyReport(r: CustodyReport & Record<string, unknown>, out: (s: string) => void): void {
  const kind = SOURCE_KINDS[r.kind];
  const versions = r['versions'] as { R4: number; R5: number } | undefined;
  out(`Kind     ${kind.label}; integrity grade: ${INTEGRITY_GRADE_TEXT[kind.integrity]}`);
  out(`File     ${r.file} (${r.framing}), ${r.bytes.toLocaleString('en-US')} bytes, SHA-256 ${r.sha256}`);
  out(
    `Records  ${r.records.toLocaleString('en-US')}${versions ? ` (R4 ${versions.R4}, R5 ${versions.R5})` : ''}, recorded ${r.firstRecorded ?? '-'} – ${r.lastRecorded ?? '-'}`,
  );
  if (r.skipped > 0) out(`Skipped  ${r.skipped} line(s) that are not audit records (covered by the file's SHA-256 only)`);
  out(`Custody  RFC 9162 root over the records as received: ${r.merkleRoot}`);
  if (r.duplicates > 0) out(`Duplicates ${r.duplicates} record(s) whose event id was already seen in the file`);
  // a kind that names its duplicates by place (ATNA: byte-identical messages, by line or message and offset)
  for (const d of ((r['duplicatePlaces'] as string[] | undefined) ?? []).slice(0, 10)) out(`         ${d}`);
  if (r.outOfOrder > 0) out(`Order    ${r.outOfOrder} record(s) recorded earlier than the one before`);
  for (const w of r.warnings ?? []) out(`Warning  ${w}`);
  for (const g of r.silentIntervals.slice(0, 10)) out(`Silent   no record from ${g.from} to ${g.to}: a possible logging outage`);
  if (r.silentIntervals.length > 10) out(`         … and ${r.silentIntervals.length - 10} more silent intervals (use --json for all)`);
  for (const p of r.problems.slice(0, 25)) out(`Refused  ${r.file}: ${p.message}`);
  if (r.problems.length > 25) out(`         … and ${r.problems.length - 25} more refused records (use --json for all)`);
  out('Result   CUSTODY ONLY: the producer gave no integrity to verify; these hashes show from now on that nothing changed since receipt.');
}
