// Fuzzing the archive readers (#11 "Also"): a small valid bundle .zip with bytes flipped, cut short,
// bytes put in, or header fields (sizes, CRC-32, name lengths, offsets, counts) overwritten, is opened
// and every file in it read the way verification and import read them (stream files as lines, others
// whole); a .gz stream file damaged the same way goes through the gzip line reader. Whatever the bytes:
// no crash and no hang, and every failure is an InputError naming the archive, the file, and for lines
// the line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { generateBundle } from '../../electron/engine/index';
import { openZipBundle } from '../../electron/engine/io/zip';
import { InputError, linesOfRaw, readAll, sha256Of, type BundleSource } from '../../electron/engine/io/source';
import { makeZip, type RawEntry } from '../helpers/zip';
import { fuzzParams } from '../helpers/fuzz';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-fuzz-archive-'));
let zip: Buffer;
let gz: Buffer;
/** where each header field worth lying in starts: [offset, byte width] */
let fields: [number, 2 | 4][];

beforeAll(async () => {
  const g = await generateBundle({ out: path.join(tmp, 'bundle'), events: 24, seed: 'fuzz-archive', gzip: true, evidence: false });
  const entries: RawEntry[] = readdirSync(g.dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d, i) => {
      const abs = path.join(d.parentPath, d.name);
      // some entries deflated, some stored: both of yauzl's paths
      return { name: path.relative(g.dir, abs).split(path.sep).join('/'), data: readFileSync(abs), deflate: i % 2 === 0 };
    });
  // a plain stream file too, next to the .gz ones
  entries.push({ name: 'streams/plain.jsonl', data: Buffer.from('{"a":1}\n{"b":2}\n'), deflate: true });
  zip = makeZip(entries);
  gz = entries.find((e) => e.name.endsWith('.jsonl.gz'))!.data;
  fields = headerFields(zip);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The size, CRC-32, length, count and offset fields of every local header, central header and the end record. */
function headerFields(z: Buffer): [number, 2 | 4][] {
  const out: [number, 2 | 4][] = [];
  for (let i = 0; i + 4 <= z.length; i++) {
    const sig = z.readUInt32LE(i);
    if (sig === 0x04034b50) out.push([i + 14, 4], [i + 18, 4], [i + 22, 4], [i + 26, 2], [i + 28, 2]);
    else if (sig === 0x02014b50) out.push([i + 16, 4], [i + 20, 4], [i + 24, 4], [i + 28, 2], [i + 30, 2], [i + 32, 2], [i + 42, 4]);
    else if (sig === 0x06054b50) out.push([i + 8, 2], [i + 10, 2], [i + 12, 4], [i + 16, 4]);
  }
  return out;
}

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'field'; which: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({
    kind: fc.constant('field' as const),
    which: fc.nat(),
    // small lies, lies by a little, and anything at all
    value: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0xffff, 0xffffffff, 0x7fffffff), fc.nat({ max: 0xffffffff })),
  }),
);

function mutate(base: Buffer, ms: Mutation[], withFields: [number, 2 | 4][]): Buffer {
  let b = Buffer.from(base);
  for (const m of ms) {
    if (b.length === 0) break;
    if (m.kind === 'flip') b[m.at % b.length]! ^= m.xor;
    else if (m.kind === 'cut') b = b.subarray(0, m.at % b.length);
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, m.at % (b.length + 1)), m.bytes, b.subarray(m.at % (b.length + 1))]);
    else if (withFields.length > 0) {
      const [at, width] = withFields[m.which % withFields.length]!;
      if (at + width <= b.length) {
        if (width === 2) b.writeUInt16LE(m.value & 0xffff, at);
        else b.writeUInt32LE(m.value >>> 0, at);
      }
    }
  }
  return b;
}

/** Read every file of the bundle as verification and import do; the first failure, with the file read. */
async function readEverything(source: BundleSource): Promise<{ error: unknown; file: string } | null> {
  for (const e of source.entries()) {
    try {
      if (/\.jsonl(\.gz)?$/.test(e.path)) {
        for await (const b of (await source.lines(e.path)).batches) expect(b.lines.length).toBeGreaterThan(0);
      } else {
        await readAll(source, e.path, 1 << 20);
        await sha256Of(source, e.path);
      }
    } catch (error) {
      return { error, file: e.path };
    }
  }
  return null;
}

let n = 0;
describe('the zip bundle reader over damaged archives', () => {
  it('opens and reads, or refuses with an InputError naming the archive and the entry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        const file = path.join(tmp, `case-${n++ % 8}.zip`);
        writeFileSync(file, mutate(zip, ms, fields));
        let source: BundleSource;
        try {
          source = await openZipBundle(file);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).message).toContain(file);
          return;
        }
        try {
          const failed = await readEverything(source);
          if (failed) {
            expect(failed.error).toBeInstanceOf(InputError);
            const err = failed.error as InputError;
            expect(err.file).toBe(failed.file);
            expect(err.message).toContain(failed.file);
          }
        } finally {
          await source.close();
        }
      }),
      { ...fuzzParams(1500), timeout: 20_000 },
    );
  });
});

describe('the gzip line reader over damaged .gz files', () => {
  it('reads lines, or refuses with an InputError naming the file and the line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          mutation.filter((m) => m.kind !== 'field'),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 4096 }),
        async (ms, chunk) => {
          const bytes = mutate(gz, ms, []);
          // the stored bytes arrive in chunks of any size
          const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
          const fl = linesOfRaw(Readable.from(chunks), 'streams/auth.jsonl.gz');
          try {
            for await (const b of fl.batches) expect(b.firstLine).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            const err = e as InputError;
            expect(err.file).toBe('streams/auth.jsonl.gz');
            expect(err.message).toMatch(/^streams\/auth\.jsonl\.gz /);
            expect(err.line).toBeGreaterThan(0);
          }
        },
      ),
      { ...fuzzParams(3000), timeout: 20_000 },
    );
  });
});
