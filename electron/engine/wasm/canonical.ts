// The WebAssembly canonicalizer (assembly/canonical.ts) as the verification fast path's first try: the
// same answer as shared/jcs-bytes.ts for the lines it is sure of, in about a third of the time. Its memory
// is the workers' work buffer: the caller puts a batch's bytes in it and C is written into it, where
// node:crypto hashes it through views that are kept.
import { CATEGORIES, OUTCOMES } from '../../../shared/types';
import type { EventScan } from '../../../shared/jcs-bytes';
import { CANONICAL_WASM } from './canonical-wasm';

interface Exports {
  memory: WebAssembly.Memory;
  tablesEnd(): number;
  resultAt(): number;
  wordsAt(): number;
  canonicalEvent(start: number, stop: number, out: number): number;
}

const PAGE = 65536;
/** bytes after a line that must be in memory: strings are read 16 bytes at a time */
export const SLACK = 64;

export class WasmCanonical {
  /** the whole linear memory (made again when it grows) */
  mem!: Buffer;
  /** the first byte the caller may use */
  readonly free: number;
  private f64!: Float64Array;
  private i32!: Int32Array;
  private readonly res: number;

  private constructor(private readonly x: Exports) {
    this.free = (x.tablesEnd() + 15) & ~15;
    this.res = x.resultAt();
    this.views();
    // the words category and outcome must spell: a count, then each as its length and bytes
    let w = x.wordsAt();
    for (const list of [CATEGORIES, OUTCOMES]) {
      this.mem[w++] = list.length;
      for (const word of list) {
        this.mem[w++] = word.length;
        w += this.mem.write(word, w, 'latin1');
      }
    }
  }

  /** The module, or null where WebAssembly is not available. */
  static create(): WasmCanonical | null {
    try {
      const module = new WebAssembly.Module(Buffer.from(CANONICAL_WASM, 'base64'));
      const instance = new WebAssembly.Instance(module, {
        env: {
          abort: () => {
            throw new Error('canonical.wasm aborted');
          },
        },
      });
      return new WasmCanonical(instance.exports as unknown as Exports);
    } catch {
      return null;
    }
  }

  private views(): void {
    const buf = this.x.memory.buffer;
    this.mem = Buffer.from(buf);
    this.f64 = new Float64Array(buf, this.res, 2);
    this.i32 = new Int32Array(buf, this.res + 16, 15);
  }

  /** Make the memory at least `bytes` long; true when it grew (views over the old memory are then stale). */
  ensure(bytes: number): boolean {
    const have = this.x.memory.buffer.byteLength;
    if (bytes <= have) return false;
    this.x.memory.grow(Math.ceil((bytes - have) / PAGE));
    this.views();
    return true;
  }

  /** C of the line at mem[start, stop), written at mem[out]: its length, or -1 for "not sure" (then ask
   *  jcs-bytes.ts). What follows the line in memory does not change the answer. */
  canonicalEvent(start: number, stop: number, out: number, res: EventScan): number {
    if (stop + SLACK > this.mem.length) return -1; // it reads up to 16 bytes past a string's end
    const len = this.x.canonicalEvent(start, stop, out);
    if (len < 0) return -1;
    const f = this.f64;
    const r = this.i32;
    res.seq = f[0]!;
    res.tsMs = f[1]!;
    res.tsAt = r[0]!;
    res.tsEnd = r[1]!;
    res.prevAt = r[2]!;
    res.hashAt = r[3]!;
    res.category = r[4]!;
    res.outcome = r[5]!;
    res.actionAt = r[6]!;
    res.actionEnd = r[7]!;
    res.actorIdAt = r[8]!;
    res.actorIdEnd = r[9]!;
    res.actorTypeAt = r[10]!;
    res.actorTypeEnd = r[11]!;
    res.targetAt = r[12]!;
    res.targetEnd = r[13]!;
    res.mfa = r[14]!;
    return len;
  }
}
