// The buffers a reading cuts its batches of lines in, reused batch after batch. They are
// SharedArrayBuffers, so worker threads read them where they are instead of having them moved
// (transferred): a transferred buffer counts as newly allocated memory on each side, and the ~3 MB that
// crossed per 1 MB batch made the main thread collect garbage ~36 times per million events (~0.6 s).
//
// A buffer goes back only through release(), which the batch's last reader calls once nothing reads
// it any more. A batch never released only costs a new buffer: the pool never waits.

/** Tests set this to overwrite a buffer as it is released, so that any read after release shows. */
export const released = { poison: false };

export class BatchBuffers {
  private readonly free: Buffer[] = [];
  /** shared buffers handed out and not back yet */
  private readonly out = new Set<ArrayBufferLike>();
  private made = 0;

  /** `size`: bytes per buffer; `most`: how many shared buffers to make at most (then plain ones) */
  constructor(
    readonly size: number,
    private readonly most = 16,
  ) {}

  /** A buffer of `size` bytes, or a plain one of `min` bytes when that is more. Its contents are old bytes. */
  take(min = 0): Buffer {
    if (min > this.size) return Buffer.allocUnsafeSlow(min);
    let b = this.free.pop();
    if (!b && this.made < this.most && typeof SharedArrayBuffer === 'function') {
      this.made++;
      b = Buffer.from(new SharedArrayBuffer(this.size));
    }
    if (!b) return Buffer.allocUnsafeSlow(this.size);
    this.out.add(b.buffer);
    return b;
  }

  /** Back for reuse: only `buf` as take() gave it, once; anything else is ignored. */
  release(buf: Buffer): void {
    if (!this.out.delete(buf.buffer)) return;
    if (released.poison) buf.fill(0x78);
    this.free.push(buf);
  }
}

/** The buffers to move to the other thread: each once, and not shared ones, which both threads see anyway. */
export const transferable = (xs: ArrayBufferLike[]): ArrayBuffer[] =>
  [...new Set(xs)].filter((x): x is ArrayBuffer => !(x instanceof SharedArrayBuffer));
