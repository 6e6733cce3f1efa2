// One syslog message as RFC 5424 §6 defines it, read from its bytes:
//   SYSLOG-MSG = HEADER SP STRUCTURED-DATA [SP MSG]
//   HEADER     = PRI VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
//   PRI        = "<" PRIVAL ">", PRIVAL 0-191 (facility × 8 + severity), no leading zero
//   VERSION    = "1" (the only version defined)
//   TIMESTAMP  = "-" / RFC 3339 date-time with upper-case T and Z, at most 6 fraction digits, always a zone
//   HOSTNAME 1-255, APP-NAME 1-48, PROCID 1-128, MSGID 1-32 printable US-ASCII (33-126), or "-"
//   STRUCTURED-DATA = "-" / 1*("[" SD-ID *(SP PARAM-NAME "=" DQUOTE PARAM-VALUE DQUOTE) "]"), names 1-32
//                     printable US-ASCII other than "=", SP, "]" and DQUOTE; in a value \" \\ \] are escapes
//   MSG        = the rest; when it starts with the UTF-8 BOM (EF BB BF, §6.4) it is UTF-8 text
// IHE ATNA (ITI-20) sends each DICOM audit message as the MSG of one such message. A header that breaks the
// grammar is named by the field at fault, so an auditor can find the malformed line. Pure: no I/O.
import { parseRfc3339 } from '../time';

export interface SyslogHeader {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  /** TIMESTAMP as written, or null for the NILVALUE "-" */
  timestamp: string | null;
  timestampMs: number | null;
  hostname: string | null;
  appName: string | null;
  procId: string | null;
  msgId: string | null;
  /** STRUCTURED-DATA as written, or null for "-" */
  structuredData: string | null;
}

export interface SyslogMessage {
  header: SyslogHeader;
  /** MSG's bytes, without the BOM when it had one (empty when the message has no MSG) */
  msg: Uint8Array;
  /** whether MSG began with the UTF-8 BOM (RFC 5424 §6.4) */
  bom: boolean;
}

export type SyslogResult = { ok: true; message: SyslogMessage } | { ok: false; problem: string };

const SP = 0x20;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const FIELDS: readonly { name: keyof SyslogHeader; label: string; max: number }[] = [
  { name: 'hostname', label: 'HOSTNAME', max: 255 },
  { name: 'appName', label: 'APP-NAME', max: 48 },
  { name: 'procId', label: 'PROCID', max: 128 },
  { name: 'msgId', label: 'MSGID', max: 32 },
];

class HeaderError extends Error {}

const printable = (b: number): boolean => b >= 33 && b <= 126;
const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
/** A short, printable quotation of what was found, for a message. */
const shown = (bytes: Uint8Array, from: number, to: number): string =>
  JSON.stringify(
    Array.from(bytes.subarray(from, Math.min(to, from + 40)), (b) => (printable(b) || b === SP ? String.fromCharCode(b) : '\ufffd')).join(''),
  );

export function parseSyslogMessage(bytes: Uint8Array): SyslogResult {
  try {
    return { ok: true, message: parse(bytes) };
  } catch (e) {
    if (e instanceof HeaderError) return { ok: false, problem: e.message };
    throw e;
  }
}

function parse(b: Uint8Array): SyslogMessage {
  let i = 0;
  const bad = (what: string): never => {
    throw new HeaderError(`has a syslog header that is not RFC 5424: ${what}`);
  };
  // PRI
  if (b[0] !== 0x3c) bad(`it starts with ${shown(b, 0, 8)}, not with the PRI "<0>" to "<191>"`);
  let j = 1;
  while (j < b.length && j <= 4 && b[j]! >= 0x30 && b[j]! <= 0x39) j++;
  const priText = ascii(b, 1, j);
  if (b[j] !== 0x3e || priText.length === 0 || priText.length > 3) bad(`the PRI ${shown(b, 0, j + 1)} is not "<" 1 to 3 digits ">"`);
  if (priText.length > 1 && priText.startsWith('0')) bad(`the PRI "<${priText}>" has a leading zero`);
  const pri = Number(priText);
  if (pri > 191) bad(`the PRI "<${priText}>" is above 191 (facility 23, severity 7)`);
  i = j + 1;
  // VERSION
  j = i;
  while (j < b.length && b[j] !== SP) j++;
  const version = ascii(b, i, Math.min(j, i + 8));
  if (version !== '1') bad(`the VERSION after the PRI is ${JSON.stringify(version)}, not 1${j >= b.length ? ' (nothing follows it)' : ''}`);
  i = j + 1;
  const token = (label: string, max: number): string | null => {
    if (i >= b.length) bad(`it ends before the ${label}`);
    let k = i;
    while (k < b.length && b[k] !== SP) {
      if (!printable(b[k]!)) bad(`the ${label} holds a character that is not printable US-ASCII (byte ${b[k]})`);
      k++;
    }
    if (k === i) bad(`the ${label} is empty (two spaces in a row)`);
    if (k - i > max) bad(`the ${label} is ${k - i} characters long; RFC 5424 allows at most ${max}`);
    const t = ascii(b, i, k);
    i = k + 1;
    if (k >= b.length) i = b.length + 1; // nothing after this field, not even the space
    return t === '-' ? null : t;
  };
  const timestamp = token('TIMESTAMP', 40);
  let timestampMs: number | null = null;
  if (timestamp !== null) {
    timestampMs = TIMESTAMP.test(timestamp) ? parseRfc3339(timestamp) : null;
    if (timestampMs === null)
      bad(`the TIMESTAMP ${JSON.stringify(timestamp)} is not an RFC 3339 date-time with upper-case T, seconds, at most 6 fraction digits and a zone`);
  }
  const values: Partial<Record<keyof SyslogHeader, string | null>> = {};
  for (const f of FIELDS) values[f.name] = token(f.label, f.max);
  if (i > b.length) bad('it ends after the MSGID, without the STRUCTURED-DATA ("-" when there is none)');
  const sdStart = i;
  if (b[i] === 0x2d) i++;
  else if (b[i] === 0x5b) while (b[i] === 0x5b) i = sdElementEnd(b, i, bad);
  else bad(`the STRUCTURED-DATA starts with ${shown(b, i, i + 8)}, not with "[" or "-"`);
  const structuredData = b[sdStart] === 0x2d ? null : new TextDecoder('utf-8').decode(b.subarray(sdStart, i));
  if (i < b.length && b[i] !== SP) bad(`the STRUCTURED-DATA is followed by ${shown(b, i, i + 8)}, not by a space and the MSG`);
  const msgStart = Math.min(i + 1, b.length);
  const bom = b[msgStart] === 0xef && b[msgStart + 1] === 0xbb && b[msgStart + 2] === 0xbf;
  return {
    header: {
      pri,
      facility: pri >> 3,
      severity: pri & 7,
      version: 1,
      timestamp,
      timestampMs,
      hostname: values.hostname ?? null,
      appName: values.appName ?? null,
      procId: values.procId ?? null,
      msgId: values.msgId ?? null,
      structuredData,
    },
    msg: b.subarray(bom ? msgStart + 3 : msgStart),
    bom,
  };
}

/** The index after the SD-ELEMENT that starts at `i` ("["). */
function sdElementEnd(b: Uint8Array, i: number, bad: (what: string) => never): number {
  const name = (from: number, label: string): number => {
    let k = from;
    while (k < b.length && printable(b[k]!) && b[k] !== 0x3d && b[k] !== 0x5d && b[k] !== 0x22) k++;
    if (k === from) bad(`an SD-ELEMENT has an empty ${label}`);
    if (k - from > 32) bad(`an SD-ELEMENT has a ${label} of ${k - from} characters; RFC 5424 allows at most 32`);
    return k;
  };
  let k = name(i + 1, 'SD-ID');
  while (b[k] === SP) {
    k = name(k + 1, 'PARAM-NAME');
    if (b[k] !== 0x3d || b[k + 1] !== 0x22) bad(`an SD-PARAM's name is not followed by ="`);
    k += 2;
    while (k < b.length && b[k] !== 0x22) k += b[k] === 0x5c ? 2 : 1;
    if (k >= b.length) bad('an SD-PARAM value is not closed by a double quote');
    k++;
  }
  if (b[k] !== 0x5d) bad(`an SD-ELEMENT is not closed by "]" (found ${k >= b.length ? 'the end of the message' : shown(b, k, k + 8)})`);
  return k + 1;
}
