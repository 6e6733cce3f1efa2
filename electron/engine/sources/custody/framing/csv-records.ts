// CSV records (RFC 4180, as csv-parse reads it: quoted fields may hold commas, quotes and line breaks; CRLF
// or LF; a UTF-8 BOM) kept with where they are and their bytes as received: leaf = the record's bytes
// without its record delimiter, found from the byte counts csv-parse reports. A header row, when the
// format has one, is returned apart (it is the context a leaf is read again with, not a record).
import { parse } from 'csv-parse/sync';
import type { CustodyProblem } from '../../../../../shared/custody-report';

export interface CsvItem {
  line: number;
  offset: number;
  leaf: string;
  values: string[];
}

export interface CsvItems {
  header: string[] | null;
  items: CsvItem[];
  problems: CustodyProblem[];
}

export function csvItems(text: string, hasHeader: boolean): CsvItems {
  const buf = Buffer.from(text, 'utf8');
  let rows: { record: string[]; info: { bytes: number; lines: number } }[];
  try {
    rows = parse(buf, { info: true, bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as unknown as typeof rows;
  } catch (e) {
    const line = typeof (e as { lines?: unknown }).lines === 'number' ? (e as { lines: number }).lines : null;
    const why = (e as Error).message.replace(/ at line \d+/, '').replace(/\s+/g, ' ');
    return {
      header: null,
      items: [],
      problems: [{ line, member: null, message: `${line === null ? 'the file' : `line ${line}`} is not valid CSV (${why})` }],
    };
  }
  const items: CsvItem[] = [];
  const problems: CustodyProblem[] = [];
  let header: string[] | null = null;
  let start = 0;
  let startLine = 1; // counted by LF, as every other reader counts lines (csv-parse counts a lone CR too)
  rows.forEach((r, i) => {
    const leaf = buf
      .subarray(start, r.info.bytes)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    const item = { line: startLine, offset: start, leaf, values: r.record };
    for (let b = start; b < r.info.bytes; b++) if (buf[b] === 0x0a) startLine++;
    start = r.info.bytes;
    if (i === 0 && hasHeader) {
      header = r.record;
      return;
    }
    const width = header?.length ?? rows[0]!.record.length;
    if (r.record.length === 1 && r.record[0] === '')
      problems.push({ line: item.line, member: null, message: `line ${item.line} is blank; every CSV line is a record` });
    else if (hasHeader && r.record.length !== width)
      problems.push({ line: item.line, member: null, message: `line ${item.line} has ${r.record.length} fields where the header has ${width}` });
    else items.push(item);
  });
  return { header, items, problems };
}

/** One record's fields again from its leaf (workspace verification), or null when it is not one CSV record. */
export function csvLeafValues(leaf: string): string[] | null {
  try {
    const rows = parse(leaf.replace(/^\uFEFF/, ''), { relax_column_count: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
    return rows.length === 1 ? rows[0]! : null;
  } catch {
    return null;
  }
}
