// A FHIR AuditEvent export read for custody (#15): NDJSON (FHIR Bulk Data, one resource a line) or a Bundle;
// the file's SHA-256, an RFC 9162 Merkle root over its records as received, and the completeness checks
// that need no producer integrity. shared/fhir does the reading and mapping; this adds the bytes.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { readAuditEventBundle, readAuditEventNdjson, type FhirAuditRecord, type FhirReadResult } from '../../../../shared/fhir/audit-event-readers';
import type { FhirCustodyReport } from '../../../../shared/fhir/custody-report';
import { canonicalize } from '../../../../shared/jcs';
import { MerkleAccumulator, merkleHasher } from '../../../../shared/merkle';
import { toHex } from '../../../../shared/hex';
import { InputError } from '../../io/source';

/** Read whole: a larger export is to be split, or imported once the streaming reader lands. */
export const MAX_FHIR_FILE_BYTES = 512 * 1024 * 1024;
const sha = (b: Uint8Array): Uint8Array => createHash('sha256').update(b).digest();

/** NDJSON when the first line is an AuditEvent resource, a Bundle when the document is one; else null. */
export function fhirFramingOf(file: string): 'ndjson' | 'bundle' | null {
  let head: string;
  try {
    if (!statSync(file).isFile()) return null;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(65536);
      head = buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  return framingOfHead(head);
}

/** The framing told from the first 64 KiB of an export's text. */
function framingOfHead(head: string): 'ndjson' | 'bundle' | null {
  const first = head.replace(/^\uFEFF/, '').split('\n', 1)[0]!;
  if (/^\s*\{.*"resourceType"\s*:\s*"AuditEvent"/.test(first)) return 'ndjson';
  if (/^\s*\{/.test(head) && /"resourceType"\s*:\s*"Bundle"/.test(head) && /"AuditEvent"/.test(head)) return 'bundle';
  return null;
}

/** An export as received: its bytes' SHA-256 and size, its records, and leaf i of the custody tree as text
 *  (record i's NDJSON line without its line end, or the RFC 8785 form of Bundle entry i's resource). */
export interface FhirExportRead {
  framing: 'ndjson' | 'bundle';
  sha256: string;
  bytes: number;
  read: FhirReadResult;
  leaves: string[];
}

export function readFhirExport(file: string): FhirExportRead {
  const size = statSync(file).size;
  if (size > MAX_FHIR_FILE_BYTES)
    throw new InputError(`${file} is ${size} bytes; FHIR exports over ${MAX_FHIR_FILE_BYTES} bytes are not read whole: split it.`, file);
  const bytes = readFileSync(file);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const framing = framingOfHead(text.slice(0, 65536)); // from the bytes already read, not a second read
  if (!framing) throw new InputError(`${file} is neither FHIR AuditEvent NDJSON nor a Bundle of AuditEvents.`, file);
  const read = framing === 'ndjson' ? readAuditEventNdjson(text) : readAuditEventBundle(text);
  const lines = framing === 'ndjson' ? text.split('\n') : [];
  const leaves = read.records.map((r) => (framing === 'ndjson' ? lines[r.line - 1]!.replace(/\r$/, '') : canonicalize(r.resource)));
  return { framing, sha256: toHex(sha(bytes)), bytes: bytes.length, read, leaves };
}

/** The hex RFC 9162 root over leaves given as text (their UTF-8 bytes). */
export function custodyRoot(leaves: Iterable<string>): string {
  const hasher = merkleHasher(sha);
  const tree = new MerkleAccumulator(hasher);
  const enc = new TextEncoder();
  for (const leaf of leaves) tree.append(hasher.hashLeaf(enc.encode(leaf)));
  return toHex(tree.root());
}

export function fhirCustodyReport(file: string, silentIntervalMs = 24 * 3600 * 1000): FhirCustodyReport {
  const { framing, sha256, bytes, read, leaves } = readFhirExport(file);
  const ordered = read.records;
  let outOfOrder = 0;
  const silent: { from: string; to: string }[] = [];
  ordered.forEach((r, i) => {
    const prev: FhirAuditRecord | undefined = ordered[i - 1];
    if (!prev) return;
    if (r.tsMs < prev.tsMs) outOfOrder++;
    else if (r.tsMs - prev.tsMs > silentIntervalMs) silent.push({ from: prev.ts, to: r.ts });
  });
  const earliest = read.records.reduce<FhirAuditRecord | null>((a, r) => (a === null || r.tsMs < a.tsMs ? r : a), null);
  const latest = read.records.reduce<FhirAuditRecord | null>((a, r) => (a === null || r.tsMs > a.tsMs ? r : a), null);
  return {
    kind: 'fhir-audit-event',
    integrity: 'custody-only',
    file,
    framing,
    sha256,
    bytes,
    records: read.records.length,
    merkleRoot: custodyRoot(leaves),
    versions: { R4: read.records.filter((r) => r.fhirVersion === 'R4').length, R5: read.records.filter((r) => r.fhirVersion === 'R5').length },
    firstRecorded: earliest?.ts ?? null,
    lastRecorded: latest?.ts ?? null,
    silentIntervals: silent,
    outOfOrder,
    problems: read.problems,
  };
}
