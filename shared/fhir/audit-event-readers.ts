// Two framings of AuditEvent resources, read from text:
//   NDJSON — one resource per line, as FHIR Bulk Data export writes it (hl7.org/fhir/uv/bulkdata, and
//            hl7.org/fhir/nd-json.html): every line one AuditEvent; a blank line is refused, since the format
//            has none and a blank line is where a record was cut out or lost. A final newline is allowed.
//   Bundle — one JSON document, a Bundle (hl7.org/fhir/bundle.html) of type searchset, collection, batch,
//            transaction or history, whose entry[].resource are the AuditEvents. A searchset that links a
//            "next" page is refused: the file holds one page of the search, not the whole log.
// Each line, or the whole Bundle, must be I-JSON (shared/i-json.ts): a resource that could be read two ways
// is refused, not mapped. Problems are values naming the line (NDJSON, 1-based) or the entry (Bundle,
// 0-based, as entry[i], with the line it starts on) and the member at fault; good records are still
// returned, and the caller refuses the file when there is any problem.
import { iJsonProblem } from '../i-json';
import { JsonTextError, lineAt, parseJsonText } from '../json-text';
import { article, mapAuditEvent, type FhirAuditEventFields } from './audit-event';
import { isObj } from './json-shape';

export interface FhirAuditRecord extends FhirAuditEventFields {
  /** NDJSON: the 1-based line; Bundle: the line entry[i] starts on */
  line: number;
  /** Bundle: the index in entry[]; NDJSON: null */
  entry: number | null;
}

export interface FhirReadProblem {
  line: number | null;
  entry: number | null;
  /** the member at fault, as a path in the resource ("recorded") or the Bundle ("type"), or null */
  member: string | null;
  message: string;
}

export interface FhirReadResult {
  records: FhirAuditRecord[];
  problems: FhirReadProblem[];
}

const BUNDLE_TYPES = ['searchset', 'collection', 'batch', 'transaction', 'history'];

export function readAuditEventNdjson(text: string): FhirReadResult {
  const records: FhirAuditRecord[] = [];
  const problems: FhirReadProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop(); // the newline that ends the last line
  lines.forEach((raw, i) => {
    const line = i + 1;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const refuse = (member: string | null, what: string): void => void problems.push({ line, entry: null, member, message: `line ${line} ${what}` });
    if (s.trim() === '') return refuse(null, 'is blank; NDJSON has one resource on every line');
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch (e) {
      return refuse(null, `is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
    }
    const ij = iJsonProblem(s);
    if (ij !== null) return refuse(null, ij);
    const m = mapAuditEvent(parsed);
    if (!m.ok) return refuse(m.problem.member, m.problem.message);
    records.push({ ...m.fields, line, entry: null });
  });
  return { records, problems };
}

export function readAuditEventBundle(text: string): FhirReadResult {
  const records: FhirAuditRecord[] = [];
  const problems: FhirReadProblem[] = [];
  const whole = (member: string | null, message: string): FhirReadResult => ({ records, problems: [{ line: null, entry: null, member, message }] });
  const doc = text.replace(/^\uFEFF/, '');
  let bundle: unknown;
  try {
    bundle = parseJsonText(doc);
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    return { records, problems: [{ line: e.line, entry: null, member: null, message: e.message }] };
  }
  const spans = entrySpans(doc);
  // I-JSON: a problem inside an entry refuses that entry (by index); one outside the entries, the whole file
  const entryIJson = new Map<number, string>();
  if (iJsonProblem(doc) !== null) {
    spans.forEach((sp, i) => {
      const p = iJsonProblem(doc.slice(sp.start, sp.end));
      if (p !== null) entryIJson.set(i, p);
    });
    if (entryIJson.size === 0) return whole(null, iJsonProblem(doc)!);
  }
  if (!isObj(bundle) || bundle['resourceType'] !== 'Bundle') {
    const rt = isObj(bundle) ? bundle['resourceType'] : undefined;
    return whole(
      'resourceType',
      `is ${typeof rt === 'string' ? `${article(rt)} ${rt} resource` : 'not a FHIR resource'}, not a Bundle of AuditEvents`,
    );
  }
  const type = bundle['type'];
  if (typeof type !== 'string' || !BUNDLE_TYPES.includes(type)) {
    return whole('type', `is a Bundle of type ${JSON.stringify(type ?? null)}; Tickmark reads Bundles of type ${BUNDLE_TYPES.join(', ')}`);
  }
  const links = Array.isArray(bundle['link']) ? bundle['link'] : [];
  if (links.some((l) => isObj(l) && l['relation'] === 'next')) {
    problems.push({
      line: null,
      entry: null,
      member: 'link',
      message: 'is one page of a search: it links a "next" page, so the events after this page are not in this file',
    });
  }
  const entries = bundle['entry'] ?? [];
  if (!Array.isArray(entries)) return whole('entry', 'has an "entry" that is not an array');
  entries.forEach((e, i) => {
    const line = spans[i] === undefined ? 1 : lineAt(doc, spans[i].start);
    const refuse = (member: string | null, what: string): void =>
      void problems.push({ line, entry: i, member, message: `entry[${i}] (line ${line}) ${what}` });
    const ij = entryIJson.get(i);
    if (ij !== undefined) return refuse(null, ij);
    if (!isObj(e)) return refuse(null, 'is not a JSON object');
    if (!isObj(e['resource'])) return refuse('resource', 'has no resource (a deletion in a history, or a response without its resource)');
    const m = mapAuditEvent(e['resource']);
    if (!m.ok) return refuse(m.problem.member === null ? 'resource' : `resource.${m.problem.member}`, m.problem.message);
    records.push({ ...m.fields, line, entry: i });
  });
  return { records, problems };
}

/**
 * The text spans of the elements of the top-level "entry" array of a JSON object, in order. Runs on text
 * JSON.parse accepted, so it only follows the grammar: strings (with escapes) and nesting.
 */
function entrySpans(text: string): { start: number; end: number }[] {
  const ws = (i: number): number => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
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
  let i = ws(0);
  if (text[i] !== '{') return [];
  i = ws(i + 1);
  while (text[i] === '"') {
    const keyEnd = stringEnd(i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = ws(ws(keyEnd) + 1); // past ':'
    if (key === 'entry' && text[i] === '[') {
      const spans: { start: number; end: number }[] = [];
      i = ws(i + 1);
      while (text[i] !== ']') {
        const end = valueEnd(i);
        spans.push({ start: i, end });
        i = ws(end);
        if (text[i] === ',') i = ws(i + 1);
      }
      return spans;
    }
    i = ws(valueEnd(i));
    if (text[i] === ',') i = ws(i + 1);
  }
  return [];
}
