// CSV framing for vendor chains: RFC 4180 through csv-parse (BOM, CRLF, quoted fields spanning lines),
// the first row naming the columns. A record's line is the line it starts on; its raw bytes (for the
// raw-line canonical form) are cut from the file's own bytes, using the byte offset csv-parse reports after
// each record (info.bytes), so they are exactly what the vendor wrote, not a re-encoding. The raw-line form
// needs the hash column last: it hashes the row up to the delimiter before it.
import { parse, CsvError } from 'csv-parse/sync';
import { VendorChainInputError } from '../../../../shared/vendor-chain/errors';
import type { ChainRecord } from '../../../../shared/vendor-chain/record';

function lineEndLength(b: Uint8Array, end: number, start: number): number {
  if (end - 1 >= start && b[end - 1] === 0x0a) return end - 2 >= start && b[end - 2] === 0x0d ? 2 : 1;
  return 0;
}

export function csvRecords(bytes: Uint8Array, file: string, delimiter: string, hashField: string, rawLine: boolean): ChainRecord[] {
  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    rows = parse(bytes, { info: true, bom: true, delimiter, relax_quotes: false, skip_empty_lines: false }) as never;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      throw new VendorChainInputError(`${file}${line ? ` line ${line}` : ''} is not CSV as the profile declares: ${e.message}`, file, line);
    }
    throw e;
  }
  if (rows.length === 0) return [];
  const header = rows[0]!.record;
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new VendorChainInputError(`${file} line 1 names the column "${h}" twice`, file, 1);
    seen.add(h);
  }
  if (rawLine && header[header.length - 1] !== hashField)
    throw new VendorChainInputError(
      `${file} line 1: the raw-line canonical form needs the hash column "${hashField}" last, but the last column is "${header[header.length - 1]}"`,
      file,
      1,
    );
  const out: ChainRecord[] = [];
  let start = rows[0]!.info.bytes;
  let line = 1;
  for (let i = 0; i < start; i++) if (bytes[i] === 0x0a) line++;
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r]!;
    const end = info.bytes;
    const fields: Record<string, unknown> = {};
    header.forEach((h, i) => (fields[h] = record[i]));
    let rawWithoutHash: Uint8Array | null = null;
    if (rawLine) {
      const rowEnd = end - lineEndLength(bytes, end, start);
      const cut = bytes.lastIndexOf(delimiter.charCodeAt(0), rowEnd - 1);
      const tail = Buffer.from(bytes.subarray(cut + 1, rowEnd)).toString('utf8');
      const hash = record[record.length - 1]!;
      if (cut < start || (tail !== hash && tail !== `"${hash}"`))
        throw new VendorChainInputError(`${file} line ${line}: the hash column cannot be cut from the row as written`, file, line);
      rawWithoutHash = bytes.slice(start, cut);
    }
    out.push({ file, line, fields, rawWithoutHash });
    for (let i = start; i < end; i++) if (bytes[i] === 0x0a) line++;
    start = end;
  }
  return out;
}
