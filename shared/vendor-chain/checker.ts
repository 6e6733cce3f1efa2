// The chain checks, record by record in export order, so the caller can stream any number of records:
//   content   the hash recomputed from the canonical form by the recipe equals the recorded one (not HMAC)
//   link      the previous-hash field equals the hash recorded in the record before (as bytes)
//   sequence  each number is the one before plus one: a jump is a gap (records deleted), the same number a
//             duplicate (inserted), a smaller one out of order (reordered)
//   time      no record earlier than the one before (an error, or only reported when the profile says "any")
//   start     when the profile declares the genesis or first sequence number, the export begins there
// and, at the end, the head: its sequence number and hash equal the last record's (a cut tail, or records
// after the head, show), its signature verifies under a pinned key (head.ts). The first error is `firstBreak`.
import type { Finding, FindingCode } from '../types';
import { bytesEqual } from '../hex';
import { canonicalBytes } from './canonical';
import { hashOf, sequenceOf, timeOf } from './fields';
import type { VendorChainProfile } from './profile';
import type { ChainRecord } from './record';
import { decodeHash, encodeHash, recomputeHash } from './recipe';
import type { HeadSignatureStatus } from './report';

/** findings kept in full; beyond, only counted (a reordered export could otherwise report every record) */
const MAX_FINDINGS = 1000;

interface Last {
  file: string;
  line: number;
  seq: number;
  ms: number;
  time: string;
  hash: Uint8Array;
  hashText: string;
}

export class ChainChecker {
  readonly findings: Finding[] = [];
  firstBreak: Finding | null = null;
  errors = 0;
  warnings = 0;
  records = 0;
  recomputed = 0;
  firstSeq: number | null = null;
  firstTime: string | null = null;
  last: Last | null = null;

  constructor(private readonly p: VendorChainProfile) {}

  private report(
    code: FindingCode,
    severity: 'error' | 'warning' | 'info',
    at: { file: string; line?: number; seq?: number },
    message: string,
    extra: Partial<Finding> = {},
  ): void {
    const f: Finding = { code, severity, message, file: at.file, line: at.line, seq: at.seq, ...extra };
    if (severity === 'error') {
      this.errors++;
      this.firstBreak ??= f;
    } else if (severity === 'warning') this.warnings++;
    if (this.findings.length < MAX_FINDINGS) this.findings.push(f);
  }

  add(r: ChainRecord): void {
    const { fields, recipe, chain } = this.p;
    const seq = sequenceOf(r, fields.sequence);
    const time = timeOf(r, fields.time);
    const prev = hashOf(r, fields.previousHash, recipe.encoding, true);
    const own = hashOf(r, fields.hash, recipe.encoding, false);
    const canonical = canonicalBytes(this.p, r);
    const at = { file: r.file, line: r.line, seq };
    const where = `${r.file} line ${r.line} (seq ${seq})`;

    const recomputed = recomputeHash(this.p, prev.bytes, canonical);
    if (recomputed !== null) {
      this.recomputed++;
      if (!bytesEqual(recomputed, own.bytes))
        this.report('content-altered', 'error', at, `${where}: the record's content does not give its recorded hash: the record was altered`, {
          expected: encodeHash(recomputed, recipe.encoding),
          found: own.text,
        });
    }

    const last = this.last;
    if (last === null) {
      this.firstSeq = seq;
      this.firstTime = time.text;
      const genesis = chain.genesis === undefined ? null : (decodeHash(chain.genesis, recipe.encoding) ?? new Uint8Array(0));
      if (genesis !== null && !bytesEqual(genesis, prev.bytes))
        this.report(
          'chain-genesis-mismatch',
          'error',
          at,
          `${where}: the export does not start the chain (its previous hash is not the genesis the profile declares): records before it are missing`,
          {
            expected: chain.genesis,
            found: prev.text,
          },
        );
      else if (chain.firstSequence !== undefined && seq !== chain.firstSequence)
        this.report(
          'chain-genesis-mismatch',
          'error',
          at,
          `${where}: the chain starts at seq ${chain.firstSequence} but the export at seq ${seq}: records before it are missing`,
        );
      else if (genesis === null && chain.firstSequence === undefined)
        this.report(
          'chain-genesis-mismatch',
          'info',
          at,
          `${where}: the export starts at seq ${seq}; the profile declares no genesis, so records before it would not show`,
        );
    } else {
      if (!bytesEqual(prev.bytes, last.hash))
        this.report(
          'link-broken',
          'error',
          at,
          `${where}: its previous hash is not the hash of the record before (${last.file} line ${last.line}, seq ${last.seq}): a record was removed, inserted or moved here`,
          {
            expected: last.hashText,
            found: prev.text,
          },
        );
      if (seq === last.seq) this.report('seq-duplicate', 'error', at, `${where}: seq ${seq} again (also at ${last.file} line ${last.line})`);
      else if (seq < last.seq) this.report('seq-out-of-order', 'error', at, `${where}: seq ${seq} comes after seq ${last.seq}`);
      else if (seq > last.seq + 1)
        this.report(
          'seq-gap',
          'error',
          at,
          `${where}: seq ${last.seq + 1}${seq - last.seq > 2 ? `–${seq - 1}` : ''} missing (${seq - last.seq - 1} record(s)) after ${last.file} line ${last.line}`,
        );
      if (time.ms < last.ms)
        this.report(
          'ts-out-of-order',
          chain.timeOrder === 'any' ? 'warning' : 'error',
          at,
          `${where}: time ${time.text} is earlier than ${last.time} in the record before`,
        );
    }
    this.records++;
    this.last = { file: r.file, line: r.line, seq, ms: time.ms, time: time.text, hash: own.bytes, hashText: own.text };
  }

  /** The head against the last record. Called once, after the last record, when the profile has a signed head. */
  checkHead(head: { file: string; seq: number; hash: string; hashBytes: Uint8Array }, signature: HeadSignatureStatus, algorithm: string): void {
    const last = this.last;
    const at = { file: head.file, seq: head.seq };
    if (signature === 'invalid')
      this.report(
        'vendor-head-signature-invalid',
        'error',
        at,
        `The head ${head.file} signature (${algorithm}) is not valid under any key pinned or named: the head was altered or forged`,
      );
    if (last === null) return;
    if (head.seq > last.seq)
      this.report(
        'chain-head-mismatch',
        'error',
        at,
        `The signed head ${head.file} ends at seq ${head.seq} but the export at seq ${last.seq} (${last.file} line ${last.line}): seq ${last.seq + 1}${head.seq - last.seq > 1 ? `–${head.seq}` : ''} were cut from the end`,
      );
    else if (head.seq < last.seq)
      this.report(
        'chain-head-mismatch',
        'error',
        at,
        `The signed head ${head.file} ends at seq ${head.seq} but the export goes on to seq ${last.seq} (${last.file} line ${last.line}): records after the head are not covered by its signature`,
      );
    else if (!bytesEqual(head.hashBytes, last.hash))
      this.report(
        'chain-head-mismatch',
        'error',
        at,
        `The signed head ${head.file} names another hash for seq ${head.seq} than ${last.file} line ${last.line} records`,
        {
          expected: head.hash,
          found: last.hashText,
        },
      );
  }
}
