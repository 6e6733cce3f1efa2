// Reading the four declared fields of a record, as the profile names them. JSONL values keep their JSON
// type (a sequence number is a JSON integer); CSV cells are text (a sequence number is decimal digits).
// A field absent or of the wrong shape makes the record unusable: the refusal names file, line and field.
import { parseRfc3339 } from '../time';
import { VendorChainInputError } from './errors';
import { decodeHash, HASH_BYTES } from './recipe';
import type { ChainRecord } from './record';

function refuse(r: ChainRecord, name: string, what: string): VendorChainInputError {
  return new VendorChainInputError(`${r.file} line ${r.line}: the field "${name}" ${what}`, r.file, r.line);
}

function valueOf(r: ChainRecord, name: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(r.fields, name)) throw refuse(r, name, 'is missing');
  return r.fields[name];
}

export function sequenceOf(r: ChainRecord, name: string): number {
  const v = valueOf(r, name);
  const n = typeof v === 'string' && /^(0|[1-9]\d{0,15})$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw refuse(r, name, `is not a whole number (found ${JSON.stringify(v)})`);
  return n;
}

export function timeOf(r: ChainRecord, name: string): { text: string; ms: number } {
  const v = valueOf(r, name);
  const ms = typeof v === 'string' ? parseRfc3339(v) : null;
  if (ms === null) throw refuse(r, name, `is not an RFC 3339 time (found ${JSON.stringify(v)})`);
  return { text: v as string, ms };
}

/** A hash field's text and bytes. A previous hash may be empty (or JSON null) at a genesis: zero bytes. */
export function hashOf(r: ChainRecord, name: string, encoding: 'hex' | 'base64', previous: boolean): { text: string; bytes: Uint8Array } {
  const v = valueOf(r, name);
  if (previous && (v === null || v === '')) return { text: '', bytes: new Uint8Array(0) };
  const bytes = typeof v === 'string' ? decodeHash(v, encoding) : null;
  if (bytes === null || bytes.length !== HASH_BYTES)
    throw refuse(r, name, `is not a ${HASH_BYTES}-byte hash in ${encoding} (found ${JSON.stringify(v)?.slice(0, 100)})`);
  return { text: v as string, bytes };
}
