// Syslog messages cut out of a file's bytes, in the two framings an ATNA audit record repository writes:
//   lines         — one RFC 5424 message per line (a file written by a syslog daemon): lines end with LF, a CR
//                   before it is dropped, a final LF is optional. A blank line is refused: the framing has none,
//                   and a blank line is where a message was lost.
//   octet-counted — RFC 6587 §3.4.1 (and RFC 5425 §4.3, syslog over TLS): SYSLOG-FRAME = MSG-LEN SP
//                   SYSLOG-MSG, MSG-LEN a decimal count of the octets of SYSLOG-MSG with no leading zero.
//                   Frames follow one another with nothing between; one final LF (or CRLF) is allowed, as a
//                   capture tool may end the file with one. A count that does not fit the bytes is refused
//                   where it stands, and nothing after it can be framed.
// The framing is told from the first byte: "<" (a PRI) is lines, a digit 1-9 (a MSG-LEN) octet-counted.
// Each frame keeps where it came from: its line, or its message number (1-based) and byte offset (0-based)
// and the line it starts on. Every message is bounded (MAX_MESSAGE_BYTES). Pure: bytes in, frames out.

export type Framing = 'lines' | 'octet-counted';

/** Where a message is in the file. `line` is 1-based, for both framings (octet-counted: the line it starts on). */
export type FrameRef = { framing: 'lines'; line: number } | { framing: 'octet-counted'; message: number; offset: number; line: number };

export interface Frame {
  ref: FrameRef;
  /** the syslog message's bytes, without its line end or octet count */
  bytes: Uint8Array;
}

export interface FramingProblem {
  ref: FrameRef | null;
  message: string;
}

/** The largest syslog message read (RFC 5424 §6.1 asks receivers for 2048 octets at least; ATNA messages with a
 *  few participant objects stay well under this). A larger one is refused, not read. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** "line 12" / "message 3 (byte offset 1234, line 5)": how a message names its place. */
export function refText(ref: FrameRef): string {
  return ref.framing === 'lines' ? `line ${ref.line}` : `message ${ref.message} (byte offset ${ref.offset}, line ${ref.line})`;
}

export function framingOf(bytes: Uint8Array): Framing | null {
  const c = bytes[0];
  if (c === 0x3c) return 'lines';
  if (c !== undefined && c >= 0x31 && c <= 0x39) return 'octet-counted';
  return null;
}

export function frameLines(bytes: Uint8Array): { frames: Frame[]; problems: FramingProblem[] } {
  const frames: Frame[] = [];
  const problems: FramingProblem[] = [];
  let start = 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (end === -1) end = bytes.length;
    const stop = end > start && bytes[end - 1] === CR ? end - 1 : end;
    const ref: FrameRef = { framing: 'lines', line };
    if (stop === start) problems.push({ ref, message: `line ${line} is blank; a syslog file has one message on every line` });
    else if (stop - start > MAX_MESSAGE_BYTES)
      problems.push({ ref, message: `line ${line} is ${stop - start} bytes long; messages over ${MAX_MESSAGE_BYTES} bytes are not read` });
    else frames.push({ ref, bytes: bytes.subarray(start, stop) });
    start = next;
    line++;
  }
  return { frames, problems };
}

export function frameOctetCounted(bytes: Uint8Array): { frames: Frame[]; problems: FramingProblem[] } {
  const frames: Frame[] = [];
  const problems: FramingProblem[] = [];
  let at = 0;
  let line = 1;
  let lineCountedTo = 0;
  const lineAt = (offset: number): number => {
    for (; lineCountedTo < offset; lineCountedTo++) if (bytes[lineCountedTo] === LF) line++;
    return line;
  };
  for (let n = 1; at < bytes.length; n++) {
    const rest = bytes.length - at;
    // the one final line end a capture may leave
    if ((rest === 1 && bytes[at] === LF) || (rest === 2 && bytes[at] === CR && bytes[at + 1] === LF)) break;
    const ref: FrameRef = { framing: 'octet-counted', message: n, offset: at, line: lineAt(at) };
    const where = refText(ref);
    let k = at;
    while (k < bytes.length && k - at < 10 && bytes[k]! >= 0x30 && bytes[k]! <= 0x39) k++;
    if (k === at || bytes[at] === 0x30 || bytes[k] !== 0x20) {
      const found = Array.from(bytes.subarray(at, Math.min(at + 12, bytes.length)), (b) =>
        b >= 32 && b < 127 ? String.fromCharCode(b) : '\ufffd',
      ).join('');
      problems.push({
        ref,
        message: `${where} does not start with an RFC 6587 octet count (a number with no leading zero, then a space): found ${JSON.stringify(found)}; the count of the message before it may be wrong, and nothing from here on can be framed`,
      });
      break;
    }
    const len = Number(new TextDecoder('ascii').decode(bytes.subarray(at, k)));
    const body = k + 1;
    if (len > MAX_MESSAGE_BYTES) {
      problems.push({
        ref,
        message: `${where} counts ${len} octets; messages over ${MAX_MESSAGE_BYTES} bytes are not read, and nothing from here on can be framed`,
      });
      break;
    }
    if (body + len > bytes.length) {
      problems.push({
        ref,
        message: `${where} counts ${len} octets but only ${bytes.length - body} remain in the file: the octet count is wrong or the file was cut short`,
      });
      break;
    }
    frames.push({ ref, bytes: bytes.subarray(body, body + len) });
    at = body + len;
  }
  return { frames, problems };
}
