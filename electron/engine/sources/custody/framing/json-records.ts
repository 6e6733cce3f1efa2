// Two JSON framings of records, each record kept with where it is and its bytes as received:
//   JSONL — one JSON value a line (jsonlines.org, NDJSON): leaf = the line without its line end; a blank
//           line is refused (the format has none, and a blank line is where a record was cut out); a final
//           newline is allowed.
//   JSON array — one document, a top-level array (an Okta /api/v1/logs page, a GitHub JSON export):
//           leaf = the exact text of element i, found by following the JSON grammar over the parsed text.
// Every record must be I-JSON (shared/i-json.ts): a record that could be read two ways is refused.
import { iJsonProblem } from '../../../../../shared/i-json';
import { JsonTextError, lineAt, parseJsonText } from '../../../../../shared/json-text';
import type { CustodyProblem } from '../../../../../shared/custody-report';

export interface JsonItem {
  line: number;
  offset: number;
  leaf: string;
  value: unknown;
}

export interface JsonItems {
  items: JsonItem[];
  problems: CustodyProblem[];
}

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');

export function jsonlItems(text: string): JsonItems {
  const items: JsonItem[] = [];
  const problems: CustodyProblem[] = [];
  const lines = text.split('\n'); // line 1 keeps a BOM: the bytes as received
  if (lines[lines.length - 1] === '') lines.pop();
  let offset = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const start = offset;
    offset += utf8Length(raw) + 1;
    const leaf = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const s = i === 0 ? leaf.replace(/^\uFEFF/, '') : leaf;
    const refuse = (what: string): void => void problems.push({ line, member: null, message: `line ${line} ${what}` });
    if (s.trim() === '') return refuse('is blank; JSONL has one record on every line');
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (e) {
      return refuse(`is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
    }
    const ij = iJsonProblem(s);
    if (ij !== null) return refuse(ij);
    items.push({ line, offset: start, leaf, value });
  });
  return { items, problems };
}

export function jsonArrayItems(text: string): JsonItems {
  const doc = text.replace(/^\uFEFF/, '');
  const bom = text.length - doc.length > 0 ? 3 : 0;
  let parsed: unknown;
  try {
    parsed = parseJsonText(doc);
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    return {
      items: [],
      problems: [{ line: e.line, member: null, message: e.message.replace(/^is not valid JSON at line (\d+)/, 'line $1 is not valid JSON') }],
    };
  }
  if (!Array.isArray(parsed)) return { items: [], problems: [{ line: null, member: null, message: 'the file is not a JSON array of records' }] };
  const spans = arraySpans(doc);
  const items: JsonItem[] = [];
  const problems: CustodyProblem[] = [];
  let byte = bom;
  let at = 0;
  spans.forEach((sp, i) => {
    byte += utf8Length(doc.slice(at, sp.start));
    at = sp.start;
    const leaf = doc.slice(sp.start, sp.end);
    const line = lineAt(doc, sp.start);
    const ij = iJsonProblem(leaf);
    if (ij !== null) problems.push({ line, member: null, message: `record [${i}] (line ${line}) ${ij}` });
    else items.push({ line, offset: byte, leaf, value: parsed[i] });
  });
  if (iJsonProblem(doc) !== null && problems.length === 0) problems.push({ line: null, member: null, message: iJsonProblem(doc)! });
  return { items, problems };
}

/** The text spans of the elements of a top-level JSON array, in order; `text` is JSON that parsed. */
export function arraySpans(text: string): { start: number; end: number }[] {
  const ws = (i: number): number => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    return i;
  };
  const stringEnd = (i: number): number => {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  };
  const valueEnd = (i: number): number => {
    const c = text[i];
    if (c === '"') return stringEnd(i);
    if (c !== '{' && c !== '[') {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
      return i;
    }
    let depth = 0;
    for (let j = i; j < text.length;) {
      const d = text[j];
      if (d === '"') {
        j = stringEnd(j);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return j + 1;
      j++;
    }
    return text.length;
  };
  const spans: { start: number; end: number }[] = [];
  let i = ws(0);
  if (text[i] !== '[') return spans;
  i = ws(i + 1);
  while (i < text.length && text[i] !== ']') {
    const end = valueEnd(i);
    spans.push({ start: i, end });
    i = ws(end);
    if (text[i] === ',') i = ws(i + 1);
  }
  return spans;
}
