// One reading of a bundle for two readers: the import hands every batch of lines it has stored to the
// verification, which reads them through this BundleSource as if from the bundle itself. Files other
// than stream lines (manifest, checkpoints, evidence) come from the bundle directly.
//
// The verification may fall behind by a few batches; then the import waits. It may also stop reading a
// file (its chain broke) or skip the rest of a stream: what it will no longer read is dropped, so the
// import never waits for it. If the import fails, the verification is stopped with the same error.
import type { BundleSource, FileLines, LinesOptions, SourceEntry } from './source';
import { decodeBatch, type LineBatch, type RawLineBatch } from './lines';
import type { Readable } from 'node:stream';

interface Channel {
  queue: { batch: RawLineBatch; stored: number }[];
  /** the import has handed over the whole file */
  ended: boolean;
  /** the verification will read no more of it */
  dropped: boolean;
  stored: number;
  wakeReader: (() => void) | null;
  wakeWriter: (() => void) | null;
}

const AHEAD = 4;

export class TeeSource implements BundleSource {
  private readonly channels = new Map<string, Channel>();
  private failure: unknown = null;

  /** `order`: the stream files in the order both readers take them (the manifest's) */
  constructor(
    private readonly inner: BundleSource,
    private readonly order: readonly string[],
  ) {}

  get location(): string {
    return this.inner.location;
  }
  get kind(): BundleSource['kind'] {
    return this.inner.kind;
  }
  entries(): readonly SourceEntry[] {
    return this.inner.entries();
  }
  has(path: string): boolean {
    return this.inner.has(path);
  }
  open(path: string): Promise<Readable> {
    return this.inner.open(path);
  }
  async close(): Promise<void> {
    // the bundle belongs to the import, which closes it
  }

  private channel(path: string): Channel {
    let c = this.channels.get(path);
    if (!c) {
      c = { queue: [], ended: false, dropped: false, stored: 0, wakeReader: null, wakeWriter: null };
      this.channels.set(path, c);
    }
    return c;
  }

  private drop(c: Channel): void {
    c.dropped = true;
    for (const q of c.queue) q.batch.release?.();
    c.queue.length = 0;
    c.wakeWriter?.();
  }

  // ---- the import's side ----

  /** Hand over a batch (after the import is done with it: its buffer may be transferred, or released by
   *  the verification, or here when it will not be read). */
  async feed(path: string, batch: RawLineBatch, stored: number): Promise<void> {
    const c = this.channel(path);
    if (c.dropped) {
      batch.release?.();
      return;
    }
    c.queue.push({ batch, stored });
    c.wakeReader?.();
    while (c.queue.length > AHEAD && !c.dropped && this.failure === null) {
      await new Promise<void>((resolve) => (c.wakeWriter = resolve));
      c.wakeWriter = null;
    }
  }

  /** The whole file has been handed over. */
  end(path: string): void {
    const c = this.channel(path);
    c.ended = true;
    c.wakeReader?.();
  }

  /** The import failed: the verification stops with this error. */
  fail(error: unknown): void {
    this.failure = error;
    for (const c of this.channels.values()) {
      c.wakeReader?.();
      c.wakeWriter?.();
    }
  }

  /** The verification has finished: nothing more will be read. */
  readerDone(): void {
    for (const path of this.order) this.drop(this.channel(path));
  }

  // ---- the verification's side ----

  async lines(path: string, _opts?: LinesOptions): Promise<FileLines> {
    // files before this one that were never opened will not be (the verification skipped them)
    for (const p of this.order) {
      if (p === path) break;
      const c = this.channel(p);
      if (!c.ended || c.queue.length > 0) this.drop(c);
    }
    const c = this.channel(path);
    const raw = this.read(c);
    return {
      raw,
      batches: decoded(raw),
      sha256: Promise.resolve(null),
      storedBytesRead: () => c.stored,
    };
  }

  private async *read(c: Channel): AsyncGenerator<RawLineBatch> {
    try {
      for (;;) {
        if (this.failure !== null) throw this.failure;
        const next = c.queue.shift();
        if (next) {
          c.wakeWriter?.();
          c.stored = next.stored;
          yield next.batch;
          continue;
        }
        if (c.ended || c.dropped) return;
        await new Promise<void>((resolve) => (c.wakeReader = resolve));
        c.wakeReader = null;
      }
    } finally {
      // stopped early or not, nothing more of this file will be read
      this.drop(c);
    }
  }
}

async function* decoded(raw: AsyncIterable<RawLineBatch>): AsyncGenerator<LineBatch> {
  for await (const b of raw) yield decodeBatch(b);
}
