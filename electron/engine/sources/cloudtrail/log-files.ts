// cloudtrail-export-kit/1 §3 item 4: every log file a digest lists is in the kit and hex(SHA-256 of its
// uncompressed bytes) equals the digest's hashValue; a log file with bytes after its gzip stream is invalid.
// A log file that several digests list (a backfill repeating one) is read once.
import { createHash } from 'node:crypto';
import { readAll, type BundleSource } from '../../io/source';
import { kitPathOf } from '../../../../shared/cloudtrail/paths';
import type { DigestRead } from './digest-read';
import type { CheckedChain } from './chain-check';
import { gunzipExact } from './gunzip-exact';
import { finding, s3Url } from './findings';

const MAX_LOG_STORED = 256 * 1024 * 1024;

export type LogFileState = { kind: 'absent' } | { kind: 'unreadable'; problem: string } | { kind: 'read'; sha256: string };

export class LogFileReader {
  private readonly seen = new Map<string, LogFileState>();
  constructor(private readonly source: BundleSource) {}

  async state(kitPath: string): Promise<LogFileState> {
    let s = this.seen.get(kitPath);
    if (s) return s;
    if (!this.source.has(kitPath)) s = { kind: 'absent' };
    else {
      const r = gunzipExact(await readAll(this.source, kitPath, MAX_LOG_STORED));
      s = r.ok ? { kind: 'read', sha256: createHash('sha256').update(r.bytes).digest('hex') } : { kind: 'unreadable', problem: r.problem };
    }
    this.seen.set(kitPath, s);
    return s;
  }

  /** every log file path a digest listed */
  listed(): Set<string> {
    return new Set(this.seen.keys());
  }
}

export async function checkLogFiles(chain: CheckedChain, reader: LogFileReader): Promise<void> {
  const { report, list } = chain;
  const region = report.region;
  const counted = new Set<string>();
  for (const r of chain.reads as DigestRead[]) {
    for (const lf of r.content?.logFiles ?? []) {
      const path = kitPathOf(lf.s3Bucket, lf.s3Object);
      const at = s3Url(lf.s3Bucket, lf.s3Object);
      const by = s3Url(r.object.bucket, r.object.key);
      const first = !counted.has(path);
      counted.add(path);
      if (first) report.logFiles.listed++;
      const s = await reader.state(path);
      const obj = { bucket: lf.s3Bucket, key: lf.s3Object };
      if (s.kind === 'absent')
        list.add(finding('cloudtrail-log-missing', 'error', region, obj, `the log file ${at}, listed by the digest ${by}, is not in the kit`));
      else if (s.kind === 'unreadable') {
        if (first)
          list.add(finding('cloudtrail-log-unreadable', 'error', region, obj, `the log file ${at} ${s.problem}; its records cannot be verified`));
      } else if (lf.hashAlgorithm !== 'SHA-256' || s.sha256 !== lf.hashValue.toLowerCase()) {
        list.add(
          finding(
            'cloudtrail-log-altered',
            'error',
            region,
            obj,
            `the log file ${at} is not the one the digest ${by} lists: the SHA-256 of its uncompressed bytes differs (${lf.hashAlgorithm})`,
            { expected: lf.hashValue, found: s.sha256 },
          ),
        );
      } else if (first) report.logFiles.verified++;
    }
  }
}
