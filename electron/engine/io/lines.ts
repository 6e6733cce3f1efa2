// Splits a byte stream into JSONL lines in constant memory: lines come out in batches (one per chunk,
// so the hot loop never awaits per line), each checked for valid UTF-8 and a length limit, so a 100 MB
// line or a binary file is refused with its line number instead of exhausting memory.
import { isUtf8 } from 'node:buffer';

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface LineBatch {
  lines: string[];
  /** 1-based number of lines[0] in the file */
  firstLine: number;
  /** bytes consumed from the (decoded) stream so far */
  bytesRead: number;
}

/** A problem with the input at a known line; the caller adds the file name. */
export class LineError extends Error {
  override name = 'LineError';
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line} ${problem}`);
  }
}

export async function* readLines(chunks: AsyncIterable<Buffer | Uint8Array>, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<LineBatch> {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let lineNo = 1;
  let bytesRead = 0;
  let sawBlank = 0; // line number of a blank line, an error unless it is the very end
  let batchFirst = 1;

  const finishLine = (buf: Buffer, out: string[]): void => {
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 13) end--; // tolerate CRLF
    if (end === 0) {
      if (sawBlank === 0) sawBlank = lineNo;
      lineNo++;
      return;
    }
    if (sawBlank !== 0) throw new LineError(sawBlank, 'is blank; a stream file has one event per line and no blank lines');
    const b = end === buf.length ? buf : buf.subarray(0, end);
    if (!isUtf8(b)) throw new LineError(lineNo, 'is not valid UTF-8');
    if (out.length === 0) batchFirst = lineNo;
    out.push(b.toString('utf8'));
    lineNo++;
  };

  for await (const c of chunks) {
    const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    bytesRead += chunk.length;
    const out: string[] = [];
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl === -1) break;
      if (pendingLen + nl - pos > maxLineBytes) throw tooLong(lineNo, maxLineBytes);
      if (pendingLen > 0) {
        pending.push(chunk.subarray(pos, nl));
        finishLine(Buffer.concat(pending, pendingLen + nl - pos), out);
        pending = [];
        pendingLen = 0;
      } else {
        finishLine(chunk.subarray(pos, nl), out);
      }
      pos = nl + 1;
    }
    if (pos < chunk.length) {
      pendingLen += chunk.length - pos;
      if (pendingLen > maxLineBytes) throw tooLong(lineNo, maxLineBytes);
      // copy: the stream may reuse its buffer
      pending.push(Buffer.from(chunk.subarray(pos)));
    }
    if (out.length > 0) yield { lines: out, firstLine: batchFirst, bytesRead };
  }
  if (pendingLen > 0) {
    const out: string[] = [];
    finishLine(Buffer.concat(pending, pendingLen), out);
    if (out.length > 0) yield { lines: out, firstLine: batchFirst, bytesRead };
  }
}

function tooLong(line: number, max: number): LineError {
  return new LineError(line, `is longer than ${Math.round(max / 1024 / 1024)} MiB; no audit event is that large (is this a stream file?)`);
}
