// IHE ATNA / DICOM audit messages on the custody seam (docs/atna-audit-messages.md): a syslog file, one RFC
// 5424 message per line or RFC 6587 octet-counted frames, each MSG a DICOM PS3.15 A.5 AuditMessage. Framing,
// the header, the safe XML reading and the mapping are shared/atna's; this adds what the seam asks:
//   leaf      the syslog message as received (header, structured data, BOM, XML), without its line end or
//             octet count — the bytes of the file, since the reader works on them, not on re-encoded text
//   line      lines: the line; octet-counted: the message number (offset: its byte offset in the file), and
//             place "message 3 (byte offset 1234, line 1)", so duplicates and out-of-window records are so named
//   dupKey    "AuditMessage sha256:<hex>" of the AuditMessage's bytes (a byte-identical copy, even under a
//             new syslog header), or "syslog message sha256:<hex>" when the time comes from the header
//   warnings  EventDateTimes without a zone, read as UTC
// remap reads one stored leaf again as one message; it needs no context.
import { createHash } from 'node:crypto';
import { refText } from '../../../../../shared/atna/framing';
import { readAtnaMessage, readAtnaMessages, type AtnaMessage } from '../../../../../shared/atna/reader';
import type { CustodyFields, CustodySourceKind } from '../kind';

/** A head that starts like a syslog message (PRI "<n>", VERSION 1), bare or after an octet count, and holds an AuditMessage. */
export function atnaFramingOfHead(head: string): 'syslog-lines' | 'octet-counted' | null {
  if (!/<AuditMessage[\s>/]/.test(head)) return null;
  if (/^<\d{1,3}>1 /.test(head)) return 'syslog-lines';
  if (/^[1-9]\d{0,8} <\d{1,3}>1 /.test(head)) return 'octet-counted';
  return null;
}

const fieldsOf = (m: AtnaMessage): CustodyFields => ({
  ts: m.ts,
  tsMs: m.tsMs,
  category: m.category,
  action: m.action,
  actorId: m.actorId,
  actorType: m.actorType,
  target: m.target,
  outcome: m.outcome,
  mfa: null, // a DICOM audit message does not say
});

const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** The byte offset where each 1-based line starts. */
function lineStarts(bytes: Uint8Array): (line: number) => number {
  const starts = [0, 0];
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) starts.push(i + 1);
  return (line) => starts[line] ?? 0;
}

export const atnaKind: CustodySourceKind = {
  id: 'atna',
  streamKey: 'atna-audit',
  noun: 'ATNA audit message',
  detect: (head) => atnaFramingOfHead(head),
  frame(text, opts) {
    const bytes = opts.bytes ?? new TextEncoder().encode(text);
    const read = readAtnaMessages(bytes);
    const startOf = read.framing === 'lines' ? lineStarts(bytes) : null;
    const warnings: string[] = [];
    if (read.assumedUtc > 0)
      warnings.push(
        `${read.assumedUtc} message${read.assumedUtc > 1 ? 's have an EventDateTime' : ' has an EventDateTime'} without a zone, read as UTC (stored with "Z")`,
      );
    return {
      framing: read.framing === 'octet-counted' ? 'octet-counted' : 'syslog-lines',
      records: read.records.map((r) => ({
        line: r.ref.framing === 'lines' ? r.ref.line : r.ref.message,
        offset: r.ref.framing === 'lines' ? startOf!(r.ref.line) : r.ref.offset,
        leaf: r.raw,
        fields: fieldsOf(r),
        dupKey: `${r.duplicateKey.basis} sha256:${sha256Hex(r.duplicateKey.text)}`,
        ...(r.ref.framing === 'octet-counted' ? { place: refText(r.ref) } : {}),
      })),
      problems: read.problems.map((p) => ({ line: p.line, member: p.element, message: p.message })),
      context: null,
      skipped: 0,
      extra: {
        assumedUtc: read.assumedUtc,
        timeFromSyslogHeader: read.records.filter((r) => r.tsSource === 'syslog').length,
        // each duplicate by its place, as the reader names it (line, or message number and byte offset)
        duplicatePlaces: read.duplicates.slice(0, 100).map((d) => d.message),
      },
      warnings,
    };
  },
  remap(leaf) {
    const m = readAtnaMessage(new TextEncoder().encode(leaf));
    return m.ok ? fieldsOf(m.record) : { problem: `its stored message is no longer a readable ATNA audit message (${m.problem.message})` };
  },
};
