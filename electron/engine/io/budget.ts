// How many decompressed bytes one bundle may produce, every layer counted together: a .zip entry's inflate
// and a .gz stream's gunzip spend from the same budget, so a .gz inside a .zip (a ratio bomb of a ratio
// bomb) cannot escape a per-layer check. The budget is proportionate to what was stored — the archive's
// size, or the .gz file's in a folder — with a fixed allowance that small bundles never reach.
import { Transform } from 'node:stream';
import { InputError } from './input-error';

/** Text logs deflate 5–30×; a bundle producing more than this many bytes per stored byte is a bomb. */
export const MAX_RATIO = 400;
/** Bytes any bundle may produce whatever its size: small files may have any ratio, they cannot hurt. */
export const RATIO_FREE_BYTES = 64 * 1024 * 1024;

export class DecompressionBudget {
  readonly limit: number;
  private spent = 0;

  /** `location`: the archive or file the stored bytes are in, as the auditor named it */
  constructor(
    readonly location: string,
    readonly storedBytes: number,
  ) {
    this.limit = RATIO_FREE_BYTES + MAX_RATIO * storedBytes;
  }

  /** Count `n` bytes that `path` produced; past the limit, the bundle is refused naming that file. */
  spend(n: number, path: string): void {
    this.spent += n;
    if (this.spent > this.limit) {
      throw new InputError(
        `${path} in ${this.location}: decompressing would produce more than ${this.limit} bytes from ${this.storedBytes} stored bytes (zip and gzip layers counted together), which is a decompression bomb, not a log; it is refused`,
        path,
      );
    }
  }

  /** A pass-through stage that spends every byte going through it on `path`'s account. */
  meter(path: string): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        try {
          this.spend(chunk.length, path);
        } catch (e) {
          cb(e as Error);
          return;
        }
        cb(null, chunk);
      },
    });
  }
}
