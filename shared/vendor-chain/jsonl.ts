// JSONL framing (jsonlines.org): one JSON object per line, LF-terminated (a CR before the LF is dropped, a
// final newline is optional, a leading UTF-8 BOM is dropped). A blank line is refused, not skipped: the
// format has none, and an empty line is where a record was cut out. Each line must be I-JSON (RFC 7493,
// shared/i-json.ts), since its hash binds it only if it can be read one way. Any refusal names the file and
// line and stops the read: the export is unusable as declared, not tampered with.
import { iJsonProblem } from '../i-json';
import { VendorChainInputError } from './errors';
import type { ChainRecord } from './record';

export function* jsonlRecords(text: string, file: string): Generator<ChainRecord> {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i]!;
    const s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const refuse = (what: string): VendorChainInputError => new VendorChainInputError(`${file} line ${line} ${what}`, file, line);
    if (s.trim() === '') throw refuse('is blank; JSONL has one record on every line');
    let value: unknown;
    try {
      value = JSON.parse(s);
    } catch (e) {
      throw refuse(`is not JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw refuse(`is not a JSON object (found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})`);
    const problem = iJsonProblem(s);
    if (problem !== null) throw refuse(`cannot be read one way only: ${problem}`);
    yield { file, line, fields: value as Record<string, unknown>, rawWithoutHash: null };
  }
}
