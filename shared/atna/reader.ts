// A file of IHE ATNA audit messages read whole: framed (framing.ts), each syslog header parsed (syslog.ts),
// each MSG read as UTF-8 XML safely (xml.ts) and mapped (audit-message.ts). Problems are values naming the
// message's place (its line, or its message number and byte offset) and, inside the XML, its line and
// column; the messages that could be read are returned alongside, and the caller refuses the file when there
// is any problem, so nothing is imported half-read.
//
// Duplicates: an audit message carries no id, so a duplicate is a byte-identical message, named by its place
// and the place of the first. The bytes compared are the AuditMessage (the MSG, without a BOM), not the
// syslog header, since a relay that sends a message again may stamp a new header on it; a message that takes
// its time from the syslog header (no EventDateTime) is compared with its header, since there the header
// is part of the event. Duplicates are reported, and kept: custody keeps every message received.
import { mapAuditMessage, type AtnaAuditFields } from './audit-message';
import { frameLines, frameOctetCounted, framingOf, refText, type FrameRef, type Framing } from './framing';
import { parseSyslogMessage, type SyslogHeader } from './syslog';
import { parseXml } from './xml';

/** One syslog message read: the mapped fields, its header, and its text as received. */
export interface AtnaMessage extends AtnaAuditFields {
  syslog: SyslogHeader;
  /** the syslog message as received (header, structured data, BOM and XML), without its line end or octet count */
  raw: string;
  /** what a byte-identical copy of it shares: the AuditMessage text, or (time from the header) the whole message */
  duplicateKey: { basis: 'AuditMessage' | 'syslog message'; text: string };
}

export interface AtnaRecord extends AtnaMessage {
  ref: FrameRef;
}

/** A message refused: what is wrong, where in the AuditMessage, and on which line of the XML (1 when not in it). */
export interface AtnaMessageRefusal {
  xmlLine: number;
  element: string | null;
  message: string;
}

export interface AtnaProblem {
  /** the message's place, or null when the file itself is at fault */
  ref: FrameRef | null;
  /** the file line the problem is on (inside a multi-line XML message: that line), or null */
  line: number | null;
  /** where in the AuditMessage ("EventIdentification/@EventDateTime"), when the problem is in its content */
  element: string | null;
  message: string;
}

export interface AtnaDuplicate {
  ref: FrameRef;
  /** the place of the first message with the same bytes */
  first: FrameRef;
  message: string;
}

export interface AtnaReadResult {
  framing: Framing | null;
  records: AtnaRecord[];
  problems: AtnaProblem[];
  duplicates: AtnaDuplicate[];
  /** messages whose EventDateTime had no zone and was read as UTC */
  assumedUtc: number;
}

// fatal: invalid UTF-8 refuses the message; ignoreBOM: a BOM is kept as received, never dropped silently
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** One syslog message (a frame's bytes) read and mapped, or refused. */
export function readAtnaMessage(bytes: Uint8Array): { ok: true; record: AtnaMessage } | { ok: false; problem: AtnaMessageRefusal } {
  const refuse = (message: string, element: string | null = null, xmlLine = 1) => ({ ok: false as const, problem: { xmlLine, element, message } });
  const sys = parseSyslogMessage(bytes);
  if (!sys.ok) return refuse(sys.problem);
  let raw: string;
  let xml: string;
  try {
    raw = utf8.decode(bytes);
    xml = utf8.decode(sys.message.msg);
  } catch {
    return refuse('is not valid UTF-8; an audit message is UTF-8 XML');
  }
  if (xml.trim() === '') return refuse('has no MSG: the syslog message carries no audit message');
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    const { line, column, message } = parsed.problem;
    return refuse(`${message} (XML line ${line}, column ${column})`, null, line);
  }
  const h = sys.message.header;
  const syslogTime = h.timestamp === null || h.timestampMs === null ? null : { ts: h.timestamp, ms: h.timestampMs };
  const m = mapAuditMessage(parsed.root, syslogTime);
  if (!m.ok) return refuse(m.problem.message, m.problem.element);
  const duplicateKey =
    m.fields.tsSource === 'syslog' ? { basis: 'syslog message' as const, text: raw } : { basis: 'AuditMessage' as const, text: xml };
  return { ok: true, record: { ...m.fields, syslog: h, raw, duplicateKey } };
}

export function readAtnaMessages(bytes: Uint8Array): AtnaReadResult {
  const framing = framingOf(bytes);
  const result: AtnaReadResult = { framing, records: [], problems: [], duplicates: [], assumedUtc: 0 };
  if (framing === null) {
    const what =
      bytes.length === 0 ? 'is empty' : 'starts with neither "<" (an RFC 5424 message, one per line) nor a digit (an RFC 6587 octet count)';
    result.problems.push({
      ref: null,
      line: bytes.length === 0 ? null : 1,
      element: null,
      message: `the file ${what}: it holds no syslog audit messages`,
    });
    return result;
  }
  const { frames, problems } = framing === 'lines' ? frameLines(bytes) : frameOctetCounted(bytes);
  for (const p of problems) result.problems.push({ ref: p.ref, line: p.ref?.line ?? null, element: null, message: p.message });
  const seen = new Map<string, FrameRef>();
  for (const frame of frames) {
    const where = refText(frame.ref);
    const one = readAtnaMessage(frame.bytes);
    if (!one.ok) {
      const { xmlLine, element, message } = one.problem;
      result.problems.push({ ref: frame.ref, line: frame.ref.line + xmlLine - 1, element, message: `${where} ${message}` });
      continue;
    }
    const rec = one.record;
    if (rec.tsAssumedUtc) result.assumedUtc++;
    const key = `${rec.duplicateKey.basis}:${rec.duplicateKey.text}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, frame.ref);
    else result.duplicates.push({ ref: frame.ref, first, message: `${where} is a byte-identical copy of the audit message at ${refText(first)}` });
    result.records.push({ ...rec, ref: frame.ref });
  }
  // in file order: a framing problem (found first) stands after the messages framed before it
  const order = (p: AtnaProblem): number => (p.ref === null ? -1 : p.ref.framing === 'lines' ? p.ref.line : p.ref.message);
  result.problems.sort((a, b) => order(a) - order(b));
  return result;
}
