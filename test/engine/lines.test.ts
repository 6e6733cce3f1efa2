import { describe, expect, it } from 'vitest';
import { readLines, readRawLines, LineError, type LineBatch, type ReadInto } from '../../electron/engine/io/lines';
import { BatchBuffers } from '../../electron/engine/io/batch-buffers';
import { poisonReleasedBuffers } from '../helpers/poison';

async function collect(chunks: (string | Buffer)[], max?: number): Promise<{ line: number; text: string }[]> {
  async function* gen(): AsyncGenerator<Buffer> {
    for (const c of chunks) yield typeof c === 'string' ? Buffer.from(c) : c;
  }
  const out: { line: number; text: string }[] = [];
  for await (const b of readLines(gen(), max) as AsyncGenerator<LineBatch>) b.lines.forEach((t, i) => out.push({ line: b.firstLine + i, text: t }));
  return out;
}

async function failure(chunks: (string | Buffer)[], max?: number): Promise<LineError> {
  try {
    await collect(chunks, max);
  } catch (e) {
    return e as LineError;
  }
  throw new Error('expected a LineError');
}

describe('readLines', () => {
  it('numbers lines across chunk boundaries and keeps split UTF-8 characters whole', async () => {
    const euro = Buffer.from('€');
    const lines = await collect(['{"a":1}\n{"b":', '2}\n{"c":"', euro.subarray(0, 1), Buffer.concat([euro.subarray(1), Buffer.from('"}\n')])]);
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 3, text: '{"c":"€"}' },
    ]);
  });

  it('accepts a last line without newline and CRLF endings', async () => {
    expect(await collect(['x\r\ny\r\nz'])).toEqual([
      { line: 1, text: 'x' },
      { line: 2, text: 'y' },
      { line: 3, text: 'z' },
    ]);
  });

  it('refuses invalid UTF-8 naming the line', async () => {
    const e = await failure(['ok\n', Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]);
    expect(e).toBeInstanceOf(LineError);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/line 2 is not valid UTF-8/);
  });

  it('refuses a blank line in the middle and at the end (a blank line is not an event)', async () => {
    expect(await collect(['a\nb\n'])).toHaveLength(2);
    const e = await failure(['a\n\nb\n']);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/blank/);
    const trailing = await failure(['a\nb\n\n']);
    expect(trailing.line).toBe(3);
    expect(trailing.message).toMatch(/line 3 is blank/);
    // a run of newlines (the nested-compression bomb's payload) stops at its first line
    const run = await failure(['a\n', Buffer.alloc(4 << 20, 10)]);
    expect(run.line).toBe(2);
  });

  it('stops a line longer than the limit without buffering it', async () => {
    const big = Buffer.alloc(64 * 1024, 0x61);
    const e = await failure(['ok\n', big, big, big], 100 * 1024);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/longer than/);
  });
});

describe('readRawLines over reused buffers', () => {
  // lines of every length around the batch size, some empty at the end, some with CRLF
  function sample(seed: number, count: number, longest: number): string[] {
    let x = seed;
    const rnd = (n: number): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
    return Array.from({ length: count }, (_, i) => `{"i":${i},"pad":"${'abcdefghij'.repeat(longest).slice(0, rnd(longest))}"}`);
  }
  const fromBuffer = (bytes: Buffer, cap: number): ReadInto => {
    let at = 0;
    return async (buf, to, max) => {
      const n = Math.min(max, cap, bytes.length - at);
      bytes.copy(buf, to, at, at + n);
      at += n;
      return n;
    };
  };
  async function cut(
    input: AsyncIterable<Buffer> | ReadInto,
    batchBytes: number,
    release: boolean,
  ): Promise<{ lines: { line: number; text: string }[]; buffers: Set<ArrayBufferLike> }> {
    const lines: { line: number; text: string }[] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const b of readRawLines(input, 1 << 20, batchBytes)) {
      buffers.add(b.buf.buffer);
      for (let i = 0; i < b.n; i++) lines.push({ line: b.firstLine + i, text: b.buf.toString('utf8', b.spans[2 * i], b.spans[2 * i + 1]) });
      if (release) b.release?.();
    }
    return { lines, buffers };
  }

  poisonReleasedBuffers();

  it('gives the same numbered lines from chunks of any size or a reader filling its buffer, whatever the batch size', async () => {
    const lines = sample(7, 400, 300);
    const text = `${lines.join('\n').replace(/\n(?=\{"i":1\d,)/g, '\r\n')}\n`;
    const want = lines.map((t, i) => ({ line: i + 1, text: t }));
    const bytes = Buffer.from(text);
    for (const batchBytes of [64, 700, 4096, 1 << 20]) {
      for (const cap of [1, 97, 5000]) {
        async function* chunks(): AsyncGenerator<Buffer> {
          for (let o = 0; o < bytes.length; o += cap) yield bytes.subarray(o, o + cap);
        }
        expect((await cut(chunks(), batchBytes, true)).lines, `chunks of ${cap}, batches of ${batchBytes}`).toEqual(want);
        expect((await cut(fromBuffer(bytes, cap), batchBytes, true)).lines, `reads of ${cap}, batches of ${batchBytes}`).toEqual(want);
      }
    }
  });

  it('cuts the next batches in the buffers released before, and in new ones while they are kept', async () => {
    const bytes = Buffer.from(`${sample(3, 2000, 50).join('\n')}\n`);
    const reused = await cut(fromBuffer(bytes, 1 << 20), 4096, true);
    const kept = await cut(fromBuffer(bytes, 1 << 20), 4096, false);
    expect(reused.lines).toEqual(kept.lines);
    expect(reused.buffers.size).toBeLessThanOrEqual(2);
    expect(kept.buffers.size).toBeGreaterThan(20);
  });

  it('shares one set of buffers between the files a job reads one after another, also those it stops early', async () => {
    const bytes = Buffer.from(`${sample(5, 300, 50).join('\n')}\n`);
    const buffers = new BatchBuffers(4096);
    const seen = new Set<ArrayBufferLike>();
    for (let file = 0; file < 40; file++) {
      let batches = 0;
      for await (const b of readRawLines(fromBuffer(bytes, 1 << 20), 1 << 20, buffers)) {
        seen.add(b.buf.buffer);
        b.release?.();
        if (file % 2 === 1 && ++batches === 2) break; // a verification that stopped reading this file
      }
    }
    expect(seen.size).toBeLessThanOrEqual(2);
    expect([...seen].every((x) => x instanceof SharedArrayBuffer)).toBe(true);
  });

  it('stops a line longer than the limit after reading little more than the limit', async () => {
    let served = 0;
    const endless: ReadInto = async (buf, at, max) => {
      const head = served === 0 ? Buffer.from('{"ok":1}\n') : null;
      const n = head ? head.copy(buf, at) : buf.fill(0x61, at, at + max) && max;
      served += n;
      return n;
    };
    const max = 300 * 1024;
    await expect(async () => {
      for await (const b of readRawLines(endless, max, 64 * 1024)) b.release?.();
    }).rejects.toMatchObject({ line: 2, message: expect.stringMatching(/longer than/) });
    expect(served).toBeLessThanOrEqual(max + 64 * 1024 + 16);
  });
});

describe('BatchBuffers', () => {
  it('takes back only its own buffers, each once, and makes plain ones past its limit', () => {
    const pool = new BatchBuffers(1024, 2);
    const a = pool.take();
    const b = pool.take();
    const c = pool.take();
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(c.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(pool.take(4096).length).toBe(4096);
    pool.release(a);
    pool.release(a); // twice: still one buffer back
    pool.release(c);
    pool.release(Buffer.from(new SharedArrayBuffer(1024)));
    expect(pool.take().buffer).toBe(a.buffer);
    expect(pool.take().buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });
});
