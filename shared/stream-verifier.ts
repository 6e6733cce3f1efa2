// The sequential part of verifying one stream: chain links, sequence, time, and the streaming Merkle
// tree, fed one record digest at a time in file order. Memory is O(log n) plus capped findings.
import { FindingList } from './findings';
import { MerkleAccumulator, MerkleError, foldFrontier, type MerkleHasher, type Subtrees } from './merkle';
import { fromHex, toHex } from './hex';
import { formatDuration, isoFromMs, parseRfc3339 } from './time';
import type { ChainRecord } from './digest';
import type { AuditWindow, ManifestStream } from './types';

export interface StreamVerifierOptions {
  stream: ManifestStream;
  auditWindow: AuditWindow;
  merkle: MerkleHasher;
  /** a gap between consecutive events longer than this, inside the window, is reported */
  silentIntervalMs: number;
  /** tree sizes at which the root is wanted (the checkpoints' sizes) */
  rootSizes?: readonly number[];
  maxFindingsPerCode?: number;
}

export interface StreamTally {
  eventsRead: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstTsMs: number | null;
  lastTsMs: number | null;
  chainHead: string | null;
  treeSize: number;
  merkleRoot: string | null;
  /** roots of the tree at the requested sizes that the events reached */
  rootsAt: Map<number, string>;
  /** set when reading stopped early at unreadable input */
  stoppedAt: { file: string; line: number } | null;
}

export class StreamVerifier {
  readonly findings: FindingList;
  private readonly s: ManifestStream;
  private readonly windowStart: number;
  private readonly windowEnd: number;
  private acc: MerkleAccumulator | null = null;
  private expectedPrev: string;
  private prevSeq: number | null = null;
  private expectedSeq: number;
  private prevTs: number | null = null;
  private prevLoc: { seq: number; file: string; line: number } | null = null;
  private readonly wanted: Set<number>;
  private readonly tally: StreamTally;

  constructor(private readonly o: StreamVerifierOptions) {
    this.s = o.stream;
    this.findings = new FindingList(o.maxFindingsPerCode ?? 100);
    this.windowStart = parseRfc3339(o.auditWindow.start) ?? Number.NEGATIVE_INFINITY;
    this.windowEnd = parseRfc3339(o.auditWindow.end) ?? Number.POSITIVE_INFINITY;
    this.expectedPrev = this.s.chain.prev_hash;
    this.expectedSeq = this.s.first_seq;
    this.wanted = new Set(o.rootSizes ?? []);
    this.tally = {
      eventsRead: 0,
      firstSeq: null,
      lastSeq: null,
      firstTsMs: null,
      lastTsMs: null,
      chainHead: null,
      treeSize: this.s.first_seq,
      merkleRoot: null,
      rootsAt: new Map(),
      stoppedAt: null,
    };
    this.startTree();
  }

  private startTree(): void {
    const { first_seq: m, merkle } = this.s;
    const file = 'manifest.json';
    try {
      const frontier = merkle.prior_frontier.map(fromHex);
      this.acc = new MerkleAccumulator(this.o.merkle, m, frontier);
      if (this.wanted.has(m)) this.tally.rootsAt.set(m, toHex(foldFrontier(this.o.merkle, frontier)));
    } catch (e) {
      if (!(e instanceof MerkleError)) throw e;
      this.acc = null;
      this.add({
        code: 'frontier-invalid',
        severity: 'error',
        file,
        message: `The prior frontier of stream "${this.s.id}" cannot stand for the ${m} earlier leaves: ${e.message}. The Merkle root cannot be recomputed.`,
        expected: `${popcount(m)} subtree roots for ${m} earlier leaves`,
        found: `${merkle.prior_frontier.length}`,
      });
    }
  }

  private add(f: Omit<Parameters<FindingList['add']>[0], 'stream'>): void {
    this.findings.add({ ...f, stream: this.s.id });
  }

  accept(d: ChainRecord, file: string, line: number): void {
    const t = this.tally;
    const { seq, tsMs, ts } = d.fields;
    const where = `${file} line ${line}`;

    // Content: the record's own hash must be the hash of its canonical bytes.
    if (d.computedHash !== d.claimedHash) {
      this.add({
        code: 'content-altered',
        severity: 'error',
        seq,
        file,
        line,
        expected: d.computedHash,
        found: d.claimedHash,
        message: `Record seq ${seq} (${where}) was altered: its content hashes to ${short(d.computedHash)} but it records ${short(d.claimedHash)}.`,
      });
    }
    // Link: prev_hash must be the previous record's hash (or the stream's declared start).
    if (d.prevHash !== this.expectedPrev) {
      const prev = this.prevLoc;
      this.add({
        code: 'link-broken',
        severity: 'error',
        seq,
        file,
        line,
        expected: this.expectedPrev,
        found: d.prevHash,
        message: prev
          ? `The chain breaks at seq ${seq} (${where}): its prev_hash does not match the hash of the record before it (seq ${prev.seq}, ${prev.file} line ${prev.line}). A record was removed, inserted or reordered here, or the earlier record was altered and re-hashed.`
          : `The chain breaks at its first record, seq ${seq} (${where}): its prev_hash does not match the stream's declared starting hash.`,
      });
      if (!prev)
        this.findings.add({
          code: 'chain-genesis-mismatch',
          severity: 'error',
          stream: this.s.id,
          seq,
          file,
          line,
          expected: this.expectedPrev,
          found: d.prevHash,
          message: `The first record of stream "${this.s.id}" does not continue from chain.prev_hash in the manifest.`,
        });
    }
    this.expectedPrev = d.claimedHash;

    // Sequence: consecutive from first_seq.
    if (seq !== this.expectedSeq) {
      if (seq > this.expectedSeq) {
        const missing = seq - this.expectedSeq;
        this.add({
          code: 'seq-gap',
          severity: 'error',
          seq,
          file,
          line,
          expected: String(this.expectedSeq),
          found: String(seq),
          message: `Sequence gap before seq ${seq} (${where}): ${missing === 1 ? `seq ${this.expectedSeq} is` : `seq ${this.expectedSeq}–${seq - 1} (${missing} records) are`} missing.`,
        });
      } else if (seq === this.prevSeq) {
        this.add({
          code: 'seq-duplicate',
          severity: 'error',
          seq,
          file,
          line,
          expected: String(this.expectedSeq),
          found: String(seq),
          message: `Seq ${seq} appears twice (again at ${where}).`,
        });
      } else {
        this.add({
          code: 'seq-out-of-order',
          severity: 'error',
          seq,
          file,
          line,
          expected: String(this.expectedSeq),
          found: String(seq),
          message: `Seq ${seq} (${where}) comes after seq ${this.prevSeq}: records are out of order.`,
        });
      }
    }
    this.expectedSeq = Math.max(this.expectedSeq, seq + 1);
    this.prevSeq = seq;

    // Time: ordered, inside the window, no long silence.
    if (tsMs < this.windowStart || tsMs > this.windowEnd) {
      this.add({
        code: 'ts-outside-window',
        severity: 'warning',
        seq,
        file,
        line,
        expected: `${this.o.auditWindow.start} – ${this.o.auditWindow.end}`,
        found: ts,
        message: `Seq ${seq} (${where}) is dated ${ts}, outside the audit window.`,
      });
    }
    if (this.prevTs !== null) {
      if (tsMs < this.prevTs) {
        this.add({
          code: 'ts-out-of-order',
          severity: 'warning',
          seq,
          file,
          line,
          expected: `at or after ${isoFromMs(this.prevTs)}`,
          found: ts,
          message: `Seq ${seq} (${where}) is dated ${ts}, earlier than the record before it (${isoFromMs(this.prevTs)}).`,
        });
      } else {
        this.checkSilence(this.prevTs, tsMs, seq, file, line);
      }
    } else {
      this.checkSilence(this.windowStart, tsMs, seq, file, line);
    }
    this.prevTs = this.prevTs === null ? tsMs : Math.max(this.prevTs, tsMs);

    // Merkle: leaf i is the i-th record read, whatever it claims.
    if (this.acc) {
      this.acc.append(d.leafHash);
      if (this.wanted.has(this.acc.size)) this.tally.rootsAt.set(this.acc.size, toHex(this.acc.root()));
    }

    if (t.firstSeq === null) {
      t.firstSeq = seq;
      t.firstTsMs = tsMs;
    }
    t.lastSeq = seq;
    t.lastTsMs = tsMs;
    t.chainHead = d.claimedHash;
    t.eventsRead++;
    this.prevLoc = { seq, file, line };
  }

  /**
   * Can a clean run (see acceptRun) that starts with `first` be taken as a whole? Only when the first
   * record's time does not go back: otherwise every later record is compared with an earlier maximum.
   */
  canRun(first: ChainRecord): boolean {
    return this.prevTs === null || first.fields.tsMs >= this.prevTs;
  }

  /**
   * Accept n records that were already checked among themselves: each matches its own hash, links to the
   * one before, has the next seq, is dated inside the window, not before the one before and without a
   * silent interval after it. Only the first can then add a finding, so only it goes through accept();
   * the rest only extend the Merkle tree. Same findings and tally as accepting each (given canRun).
   */
  acceptRun(first: ChainRecord, last: ChainRecord, n: number, leaves: Uint8Array, file: string, firstLine: number, subtrees?: Subtrees | null): void {
    this.accept(first, file, firstLine);
    if (n === 1) return;
    if (this.acc && subtrees && this.fits(subtrees, n - 1)) {
      // the leaves after the first, already folded into whole subtrees (by a worker thread)
      for (let j = 0; j < subtrees.heights.length; j++) {
        this.acc.appendSubtree(subtrees.heights[j]!, subtrees.roots.subarray(32 * j, 32 * j + 32));
        if (this.wanted.has(this.acc.size)) this.tally.rootsAt.set(this.acc.size, toHex(this.acc.root()));
      }
    } else if (this.acc) {
      for (let i = 1; i < n; i++) {
        this.acc.append(leaves.subarray(32 * i, 32 * i + 32));
        if (this.wanted.has(this.acc.size)) this.tally.rootsAt.set(this.acc.size, toHex(this.acc.root()));
      }
    }
    const t = this.tally;
    const { seq, tsMs } = last.fields;
    t.lastSeq = seq;
    t.lastTsMs = tsMs;
    t.chainHead = last.claimedHash;
    t.eventsRead += n - 1;
    this.expectedPrev = last.claimedHash;
    this.expectedSeq = Math.max(this.expectedSeq, seq + 1);
    this.prevSeq = seq;
    this.prevTs = Math.max(this.prevTs ?? tsMs, tsMs);
    this.prevLoc = { seq, file, line: firstLine + n - 1 };
  }

  /** Do these subtrees stand for the next `count` leaves, with a boundary at every size a root is wanted at? */
  private fits(t: Subtrees, count: number): boolean {
    const from = this.acc!.size;
    if (t.from !== from || t.roots.length !== 32 * t.heights.length) return false;
    const ends = new Set<number>();
    let at = from;
    for (const k of t.heights) {
      if (at % 2 ** k !== 0) return false;
      at += 2 ** k;
      ends.add(at);
    }
    if (at !== from + count) return false;
    for (const w of this.wanted) if (w > from && w < at && !ends.has(w)) return false;
    return true;
  }

  private checkSilence(fromMs: number, toMs: number, seq: number, file: string, line: number): void {
    const a = Math.max(fromMs, this.windowStart);
    const b = Math.min(toMs, this.windowEnd);
    if (b - a > this.o.silentIntervalMs) {
      this.add({
        code: 'silent-interval',
        severity: 'warning',
        seq,
        file,
        line,
        expected: `no gap over ${formatDuration(this.o.silentIntervalMs)}`,
        found: `${isoFromMs(a)} – ${isoFromMs(b)}`,
        message: `No events in stream "${this.s.id}" for ${formatDuration(b - a)}, from ${isoFromMs(a)} to ${isoFromMs(b)} (before seq ${seq}): a possible logging outage.`,
      });
    }
  }

  /** A stream with no events at all is silent for the whole window: the longest outage there can be. */
  private checkEmptyWindow(): void {
    const span = this.windowEnd - this.windowStart;
    if (!Number.isFinite(span) || span <= this.o.silentIntervalMs) return;
    const from = isoFromMs(this.windowStart);
    const to = isoFromMs(this.windowEnd);
    this.add({
      code: 'silent-interval',
      severity: 'warning',
      file: this.s.files[0],
      expected: `no gap over ${formatDuration(this.o.silentIntervalMs)}`,
      found: `${from} – ${to}`,
      message: `No events at all in stream "${this.s.id}" for the whole audit window, ${formatDuration(span)} from ${from} to ${to}: a possible logging outage, or a stream left out of the bundle.`,
    });
  }

  /** Reading stopped at input that could not be read; the rest of the stream is unverified. */
  stop(file: string, line: number, problem: string): void {
    this.tally.stoppedAt = { file, line };
    this.add({
      code: 'input-unreadable',
      severity: 'error',
      file,
      line,
      message: `${file} line ${line} ${problem}. Verification of stream "${this.s.id}" stopped here; ${this.tally.eventsRead} earlier records were checked.`,
    });
  }

  finish(): StreamTally {
    const t = this.tally;
    const s = this.s;
    if (t.stoppedAt) return t;
    if (t.eventsRead === 0) {
      this.add({
        code: 'event-count-mismatch',
        severity: s.event_count === 0 ? 'info' : 'error',
        expected: String(s.event_count),
        found: '0',
        message: `Stream "${s.id}" has no events.`,
      });
      this.checkEmptyWindow();
    } else {
      this.checkSilence(t.lastTsMs!, this.windowEnd, t.lastSeq!, s.files[s.files.length - 1]!, 0);
    }
    if (t.eventsRead !== s.event_count) {
      this.add({
        code: 'event-count-mismatch',
        severity: 'error',
        expected: String(s.event_count),
        found: String(t.eventsRead),
        message: `Stream "${s.id}" has ${t.eventsRead} events but the manifest declares ${s.event_count}${t.eventsRead < s.event_count ? ': events are missing (the stream may be truncated)' : ''}.`,
      });
    }
    const head = t.chainHead ?? s.chain.prev_hash;
    if (head !== s.chain.head) {
      this.add({
        code: 'chain-head-mismatch',
        severity: 'error',
        seq: t.lastSeq ?? undefined,
        expected: s.chain.head,
        found: head,
        message: `The last record of stream "${s.id}"${t.lastSeq !== null ? ` (seq ${t.lastSeq})` : ''} does not end at the chain head the manifest declares: records are missing at the end, or the chain was rewritten.`,
      });
    }
    if (this.acc) {
      t.treeSize = this.acc.size;
      t.merkleRoot = toHex(this.acc.root());
      if (t.treeSize !== s.merkle.tree_size || t.merkleRoot !== s.merkle.root) {
        this.add({
          code: 'merkle-root-mismatch',
          severity: 'error',
          expected: `size ${s.merkle.tree_size}, root ${s.merkle.root}`,
          found: `size ${t.treeSize}, root ${t.merkleRoot}`,
          message: `The Merkle tree recomputed from stream "${s.id}" (size ${t.treeSize}) does not match the manifest's (size ${s.merkle.tree_size}).`,
        });
      }
    }
    return t;
  }
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x > 0; x = Math.floor(x / 2)) c += x % 2;
  return c;
}

function short(h: string): string {
  return `${h.slice(0, 12)}…`;
}
