// An export on disk as the verifier needs it: a single record file, or a folder whose record files
// (.jsonl/.ndjson for JSONL, .csv for CSV) are read in name order (byte order of the names, so that
// events-0002 follows events-0001) as one chain; the head file, when the profile declares one, beside them.
// Bytes must be UTF-8: the first line that is not is named.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { VendorChainInputError } from '../../../../shared/vendor-chain/errors';
import { jsonlRecords } from '../../../../shared/vendor-chain/jsonl';
import type { VendorChainProfile } from '../../../../shared/vendor-chain/profile';
import type { ChainRecord } from '../../../../shared/vendor-chain/record';
import type { VendorExport } from '../../../../shared/vendor-chain/verify';
import { csvRecords } from './csv-records';

const EXTENSIONS = { jsonl: ['.jsonl', '.ndjson'], csv: ['.csv'] } as const;

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new VendorChainInputError(`${file} cannot be read: ${(e as Error).message}`, file);
  }
}

function utf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let line = 1;
    let from = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(from, i));
        } catch {
          break;
        }
        line++;
        from = i + 1;
      }
    }
    throw new VendorChainInputError(`${file} line ${line} is not UTF-8 text`, file, line);
  }
}

function recordsOf(p: VendorChainProfile, file: string, name: string): Iterable<ChainRecord> {
  const bytes = readBytes(file);
  if (p.framing.type === 'jsonl') return jsonlRecords(utf8(bytes, name), name);
  utf8(bytes, name);
  return csvRecords(bytes, name, p.framing.delimiter, p.fields.hash, p.canonical.form === 'raw-line');
}

export function readExport(p: VendorChainProfile, target: string): VendorExport {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new VendorChainInputError(`${target} does not exist`, target);
  }
  const dir = stat.isDirectory() ? target : path.dirname(target);
  const headName = p.anchor.type === 'signed-head' ? p.anchor.file : null;
  const names = stat.isDirectory()
    ? readdirSync(dir)
        .filter((n) => n !== headName && EXTENSIONS[p.framing.type].some((x) => n.toLowerCase().endsWith(x)))
        .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1))
    : [path.basename(target)];
  if (names.length === 0)
    throw new VendorChainInputError(
      `${target} holds no ${EXTENSIONS[p.framing.type].join(' or ')} file for the profile's ${p.framing.type} framing`,
      target,
    );
  const headPath = headName === null ? null : path.join(dir, headName);
  return {
    path: target,
    // read one file at a time, when the verifier reaches it
    files: names.map((name) => ({ name, records: { [Symbol.iterator]: () => recordsOf(p, path.join(dir, name), name)[Symbol.iterator]() } })),
    head: headPath !== null && existsSync(headPath) ? { file: headName!, text: utf8(readBytes(headPath), headName!) } : null,
  };
}
