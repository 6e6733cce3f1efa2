import { describe, expect, it } from 'vitest';
import { readLines, LineError, type LineBatch } from '../../electron/engine/io/lines';

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

  it('refuses a blank line in the middle but allows trailing newlines at the end', async () => {
    expect(await collect(['a\nb\n\n'])).toHaveLength(2);
    const e = await failure(['a\n\nb\n']);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/blank/);
  });

  it('stops a line longer than the limit without buffering it', async () => {
    const big = Buffer.alloc(64 * 1024, 0x61);
    const e = await failure(['ok\n', big, big, big], 100 * 1024);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/longer than/);
  });
});
