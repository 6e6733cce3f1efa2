// A CloudTrail export kit generator for tests, written from cloudtrail-export-kit/1 and AWS's published
// structures (CloudTrail User Guide: "CloudTrail digest file structure", "Custom implementations of
// CloudTrail log file integrity validation", "CloudTrail record contents"; API reference: ListPublicKeys),
// not from the verifier: it signs hourly digests with per-Region RSA keys (rotated inside the window),
// chains them, gzips realistic log files, writes head-object output and list-public-keys files, and can
// tamper with the result in the ways an auditor must catch.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync, rmSync, renameSync, copyFileSync, readFileSync, appendFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import path from 'node:path';

export const TAMPERS = [
  'edit-log',
  'delete-digest',
  'move-digest',
  'copy-digest',
  'gzip-trailing',
  'unlisted-log',
  'unpinned-signer',
  'vendor-key-bytes',
  'newest-too-soon',
  'bad-signature',
  'backfill-for-gap',
  'delete-log',
] as const;
export type KitTamper = (typeof TAMPERS)[number];

export interface KitOptions {
  dir: string;
  regions?: string[];
  account?: string;
  bucket?: string;
  trail?: string;
  organizationId?: string | null;
  /** audit window: 6 hours from this instant */
  windowStart?: string;
  /** a clean backfill digest for a late log file in the first Region */
  backfill?: boolean;
  /** CloudTrail Lake signed results in lake/ */
  lake?: boolean;
  tamper?: KitTamper;
}

export interface GeneratedKey {
  region: string;
  fingerprint: string;
  value: string;
  fromMs: number;
  toMs: number;
  privateKey: KeyObject;
}

export interface GeneratedKit {
  dir: string;
  /** the auditor's pin file (all Regions merged), as list-public-keys prints it */
  pinFile: string;
  window: { start: string; end: string };
  /** every digest written: Region, kit path, S3 key */
  digests: { region: string; kitPath: string; key: string; startMs: number; endMs: number }[];
  /** what the tamper touched: Region and S3 key */
  tampered: { region: string; key: string } | null;
}

const HOUR = 3600_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const compact = (ms: number, seconds: boolean): string =>
  iso(ms)
    .replace(/[-:]/g, '')
    .slice(0, seconds ? 15 : 13) + 'Z';
const ymd = (ms: number): string => iso(ms).slice(0, 10).replace(/-/g, '/');
const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

function makeKey(region: string, fromMs: number, toMs: number): GeneratedKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  // AWS lists a hex fingerprint; its derivation is AWS's business — the verifier only compares strings
  return { region, fingerprint: createHash('md5').update(der).digest('hex'), value: der.toString('base64'), fromMs, toMs, privateKey };
}

const keyList = (keys: GeneratedKey[], epoch = false): string =>
  JSON.stringify(
    {
      PublicKeyList: keys.map((k) => ({
        Value: k.value,
        ValidityStartTime: epoch ? k.fromMs / 1000 : iso(k.fromMs),
        ValidityEndTime: epoch ? k.toMs / 1000 : iso(k.toMs),
        Fingerprint: k.fingerprint,
      })),
    },
    null,
    2,
  );

function record(ms: number, region: string, account: string, i: number): object {
  const failed = i % 7 === 3;
  return {
    eventVersion: '1.09',
    userIdentity:
      i % 5 === 0
        ? { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' }
        : {
            type: 'AssumedRole',
            principalId: `AROAEXAMPLE${i}:alice`,
            arn: `arn:aws:sts::${account}:assumed-role/Admin/alice`,
            accountId: account,
            sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/Admin`, userName: 'Admin' } },
          },
    eventTime: iso(ms),
    eventSource: i % 2 === 0 ? 's3.amazonaws.com' : 'iam.amazonaws.com',
    eventName: i % 2 === 0 ? 'GetObject' : 'CreateAccessKey',
    awsRegion: region,
    sourceIPAddress: `203.0.113.${i % 250}`,
    userAgent: 'aws-cli/2.15.0',
    requestParameters: i % 2 === 0 ? { bucketName: 'nw-phi', key: `patients/${i}.json` } : { userName: 'bob' },
    responseElements: null,
    ...(failed ? { errorCode: 'AccessDenied', errorMessage: 'User is not authorized' } : {}),
    requestID: randomBytes(8).toString('hex'),
    eventID: randomBytes(16).toString('hex'),
    readOnly: i % 2 === 0,
    eventType: 'AwsApiCall',
    recipientAccountId: account,
  };
}

/** Keys are slow to make: one pair per Region and period, made once per test process. */
const keyCache = new Map<string, GeneratedKey>();
function cachedKey(name: string, region: string, fromMs: number, toMs: number): GeneratedKey {
  const id = `${name}|${region}|${fromMs}|${toMs}`;
  let k = keyCache.get(id);
  if (!k) keyCache.set(id, (k = makeKey(region, fromMs, toMs)));
  return k;
}

export function generateKit(opts: KitOptions): GeneratedKit {
  const regions = opts.regions ?? ['us-east-1', 'us-west-2'];
  const account = opts.account ?? '123456789012';
  const bucket = opts.bucket ?? 'nw-cloudtrail';
  const trail = opts.trail ?? 'org-trail';
  const org = opts.organizationId ?? null;
  const base = org ? `AWSLogs/${org}/${account}` : `AWSLogs/${account}`;
  const windowStart = Date.parse(opts.windowStart ?? '2026-01-01T00:00:00Z');
  const windowEnd = windowStart + 6 * HOUR - 1000;
  const t0 = windowStart - 2 * HOUR + 91_000; // digests end at :01:31, as AWS's do, not on the hour
  const count = opts.tamper === 'newest-too-soon' ? 8 : 10; // 10 → the newest ends 2 h past the window
  const rotateAt = windowStart + 3 * HOUR;
  rmSync(opts.dir, { recursive: true, force: true });
  const put = (rel: string, data: Buffer | string): void => {
    mkdirSync(path.dirname(path.join(opts.dir, rel)), { recursive: true });
    writeFileSync(path.join(opts.dir, rel), data);
  };
  const kitPath = (key: string): string => `s3/${bucket}/${key}`;

  const pins: GeneratedKey[] = [];
  const out: GeneratedKit = {
    dir: opts.dir,
    pinFile: `${opts.dir}.pins.json`,
    window: { start: iso(windowStart), end: iso(windowEnd) },
    digests: [],
    tampered: null,
  };
  let lateLog: { region: string; key: string; hash: string; endMs: number } | null = null;

  regions.forEach((region, ri) => {
    // two keys with overlapping validity: the fingerprint, not the time, must choose
    const keyA = cachedKey('A', region, t0 - 30 * 24 * HOUR, rotateAt + HOUR / 2);
    const keyB = cachedKey('B', region, rotateAt, rotateAt + 365 * 24 * HOUR);
    const rogue = cachedKey('rogue', region, t0 - 30 * 24 * HOUR, rotateAt + 365 * 24 * HOUR);
    pins.push(keyA, keyB);
    const vendorKeys = [keyA, keyB];
    const tamperHere = ri === regions.length - 1; // tampers go to the last Region: the first must stay clean
    let prev: { key: string; sig: string; hash: string } | null = {
      key: `${base}/CloudTrail-Digest/${region}/${ymd(t0 - HOUR)}/${account}_CloudTrail-Digest_${region}_${trail}_${region}_${compact(t0, true)}.json.gz`,
      sig: randomBytes(256).toString('hex'),
      hash: sha256('a digest from before the kit'),
    };
    for (let i = 0; i < count; i++) {
      const start = t0 + i * HOUR;
      const end = start + HOUR;
      const logFiles = [];
      for (let j = 0; j < 2; j++) {
        const delivered = start + (j + 1) * 20 * 60_000;
        const key = `${base}/CloudTrail/${region}/${ymd(delivered)}/${account}_CloudTrail_${region}_${compact(delivered, false)}_${randomBytes(8).toString('hex').toUpperCase()}.json.gz`;
        const records = [0, 1, 2].map((k) => record(delivered - (3 - k) * 60_000, region, account, i * 10 + j * 3 + k));
        const json = Buffer.from(JSON.stringify({ Records: records }));
        put(kitPath(key), gzipSync(json));
        logFiles.push({
          s3Bucket: bucket,
          s3Object: key,
          hashValue: sha256(json),
          hashAlgorithm: 'SHA-256',
          newestEventTime: (records[2] as { eventTime: string }).eventTime,
          oldestEventTime: (records[0] as { eventTime: string }).eventTime,
        });
        if (ri === 0 && i === 4 && j === 1 && opts.backfill) {
          // delivered late: the regular digest does not list it, a backfill digest will
          logFiles.pop();
          lateLog = { region, key, hash: sha256(json), endMs: end + 2 * HOUR };
        }
      }
      const dkey = `${base}/CloudTrail-Digest/${region}/${ymd(end)}/${account}_CloudTrail-Digest_${region}_${trail}_${region}_${compact(end, true)}.json.gz`;
      let signer = end <= rotateAt ? keyA : keyB;
      if (tamperHere && opts.tamper === 'unpinned-signer' && i === 6) {
        signer = rogue;
        vendorKeys.push(rogue);
      }
      const digest = {
        awsAccountId: account,
        digestStartTime: iso(start),
        digestEndTime: iso(end),
        digestS3Bucket: bucket,
        digestS3Object: dkey,
        digestPublicKeyFingerprint: signer.fingerprint,
        digestSignatureAlgorithm: 'SHA256withRSA',
        newestEventTime: logFiles.length ? logFiles[logFiles.length - 1]!.newestEventTime : null,
        oldestEventTime: logFiles.length ? logFiles[0]!.oldestEventTime : null,
        previousDigestS3Bucket: prev ? bucket : null,
        previousDigestS3Object: prev ? prev.key : null,
        previousDigestHashValue: prev ? prev.hash : null,
        previousDigestHashAlgorithm: prev ? 'SHA-256' : null,
        previousDigestSignature: prev ? prev.sig : null,
        logFiles,
      };
      const bytes = Buffer.from(JSON.stringify(digest));
      const hash = sha256(bytes);
      // the data-signing string of "Custom implementations of CloudTrail log file integrity validation"
      const signing: string = `${iso(end)}\n${bucket}/${dkey}\n${hash}\n${prev ? prev.sig : 'null'}`;
      let sig: string = sign('sha256', Buffer.from(signing), signer.privateKey).toString('hex');
      if (tamperHere && opts.tamper === 'bad-signature' && i === 5) sig = sig.slice(0, -2) + (sig.endsWith('00') ? '01' : '00');
      put(kitPath(dkey), gzipSync(bytes));
      put(
        `${kitPath(dkey)}.head.json`,
        JSON.stringify(
          {
            AcceptRanges: 'bytes',
            LastModified: new Date(end + 300_000).toUTCString(),
            ContentLength: gzipSync(bytes).length,
            ETag: `"${createHash('md5').update(bytes).digest('hex')}"`,
            ContentType: 'application/json',
            ContentEncoding: 'gzip',
            ServerSideEncryption: 'AES256',
            Metadata: { signature: sig, 'signature-algorithm': 'SHA256withRSA' },
          },
          null,
          2,
        ),
      );
      out.digests.push({ region, kitPath: kitPath(dkey), key: dkey, startMs: start, endMs: end });
      prev = { key: dkey, sig, hash };
    }

    // a backfill digest: its own chain, listing the log file delivered late
    if (lateLog && ri === 0) {
      const late = lateLog as { region: string; key: string; hash: string; endMs: number };
      const bkey = `${base}/CloudTrail-Digest/${region}/${ymd(late.endMs)}/${account}_CloudTrail-Digest_${region}_${trail}_${region}_${compact(late.endMs, true)}_backfill.json.gz`;
      writeBackfill(
        bkey,
        late.endMs,
        [{ s3Bucket: bucket, s3Object: late.key, hashValue: late.hash, hashAlgorithm: 'SHA-256', newestEventTime: null, oldestEventTime: null }],
        keyB,
      );
    }
    put(
      `public-keys/${region}.json`,
      keyList(
        opts.tamper === 'vendor-key-bytes' && tamperHere ? vendorKeys.map((k) => (k === keyA ? { ...k, value: rogue.value } : k)) : vendorKeys,
        ri % 2 === 1,
      ),
    ); // one Region in epoch seconds, as the raw API gives them
  });

  function writeBackfill(bkey: string, endMs: number, logFiles: object[], signer: GeneratedKey): void {
    const digest = {
      awsAccountId: account,
      digestStartTime: iso(endMs - HOUR),
      digestEndTime: iso(endMs),
      digestS3Bucket: bucket,
      digestS3Object: bkey,
      digestPublicKeyFingerprint: signer.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: null,
      oldestEventTime: null,
      previousDigestS3Bucket: null,
      previousDigestS3Object: null,
      previousDigestHashValue: null,
      previousDigestHashAlgorithm: null,
      previousDigestSignature: null,
      logFiles,
    };
    const bytes = Buffer.from(JSON.stringify(digest));
    const sig = sign('sha256', Buffer.from(`${iso(endMs)}\n${bucket}/${bkey}\n${sha256(bytes)}\nnull`), signer.privateKey).toString('hex');
    put(kitPath(bkey), gzipSync(bytes));
    put(`${kitPath(bkey)}.head.json`, JSON.stringify({ Metadata: { signature: sig, 'signature-algorithm': 'SHA256withRSA' } }));
  }

  const last = regions[regions.length - 1]!;
  const mine = out.digests.filter((d) => d.region === last);
  const abs = (rel: string): string => path.join(opts.dir, rel);
  const logsOf = (d: { kitPath: string }): { s3Object: string }[] =>
    (JSON.parse(gunzip(readFileSync(abs(d.kitPath)))) as { logFiles: { s3Object: string }[] }).logFiles;
  const target = mine[5]!;
  switch (opts.tamper) {
    case 'edit-log': {
      const key = logsOf(target)[0]!.s3Object;
      const doc = JSON.parse(gunzip(readFileSync(abs(kitPath(key))))) as { Records: { sourceIPAddress: string }[] };
      doc.Records[1]!.sourceIPAddress = '198.51.100.66';
      writeFileSync(abs(kitPath(key)), gzipSync(Buffer.from(JSON.stringify(doc))));
      out.tampered = { region: last, key };
      break;
    }
    case 'delete-log': {
      const key = logsOf(target)[1]!.s3Object;
      rmSync(abs(kitPath(key)));
      out.tampered = { region: last, key };
      break;
    }
    case 'gzip-trailing': {
      const key = logsOf(target)[0]!.s3Object;
      appendFileSync(abs(kitPath(key)), Buffer.from('\n{"Records":[]}\n'));
      out.tampered = { region: last, key };
      break;
    }
    case 'delete-digest':
    case 'backfill-for-gap': {
      const listed = logsOf(target);
      rmSync(abs(target.kitPath));
      rmSync(abs(`${target.kitPath}.head.json`));
      if (opts.tamper === 'backfill-for-gap') {
        // a backfill "restoring" the deleted hour's logs must not cover a missing regular digest
        const keyB = [...keyCache.values()].find((k) => k.region === last && k.fromMs === rotateAt)!;
        const bkey = target.key.replace(/\.json\.gz$/, '_backfill.json.gz');
        const files = listed.map((l) => {
          const raw = readFileSync(abs(kitPath(l.s3Object)));
          return {
            s3Bucket: bucket,
            s3Object: l.s3Object,
            hashValue: sha256(Buffer.from(gunzip(raw))),
            hashAlgorithm: 'SHA-256',
            newestEventTime: null,
            oldestEventTime: null,
          };
        });
        writeBackfill(bkey, target.endMs, files, keyB);
      }
      out.tampered = { region: last, key: target.key };
      break;
    }
    case 'move-digest':
    case 'copy-digest': {
      const moved = target.kitPath.replace(
        /\/(\d{2})\/([^/]+)$/,
        (_m, d: string, name: string) => `/${String(Number(d) + 1).padStart(2, '0')}/${name}`,
      );
      mkdirSync(path.dirname(abs(moved)), { recursive: true });
      (opts.tamper === 'move-digest' ? renameSync : copyFileSync)(abs(target.kitPath), abs(moved));
      (opts.tamper === 'move-digest' ? renameSync : copyFileSync)(abs(`${target.kitPath}.head.json`), abs(`${moved}.head.json`));
      out.tampered = { region: last, key: moved.replace(`s3/${bucket}/`, '') };
      break;
    }
    case 'unlisted-log': {
      const at = target.endMs - 5 * 60_000;
      const key = `${base}/CloudTrail/${last}/${ymd(at)}/${account}_CloudTrail_${last}_${compact(at, false)}_EXTRA0000000000.json.gz`;
      put(kitPath(key), gzipSync(Buffer.from(JSON.stringify({ Records: [record(at, last, account, 99)] }))));
      out.tampered = { region: last, key };
      break;
    }
    case 'unpinned-signer':
    case 'bad-signature':
      out.tampered = { region: last, key: mine[opts.tamper === 'unpinned-signer' ? 6 : 5]!.key };
      break;
    case 'vendor-key-bytes':
      out.tampered = { region: last, key: `public-keys/${last}.json` };
      break;
    case 'newest-too-soon':
      out.tampered = { region: last, key: mine[mine.length - 1]!.key };
      break;
    case undefined:
      break;
  }

  if (opts.lake) {
    const files = [1, 2].map((n) => {
      const data = gzipSync(Buffer.from(`eventid,eventtime,eventname\n${randomBytes(8).toString('hex')},${iso(windowStart + n * HOUR)},GetObject\n`));
      put(`lake/result_${n}.csv.gz`, data);
      return { fileHashValue: sha256(data), fileName: `result_${n}.csv.gz` };
    });
    const keyB = [...keyCache.values()].find((k) => k.region === regions[0] && k.fromMs === rotateAt)!;
    const completed = windowEnd + HOUR;
    const hashSignature = sign('sha256', Buffer.from(files.map((f) => f.fileHashValue).join(' ')), keyB.privateKey).toString('hex');
    put(
      'lake/result_sign.json',
      JSON.stringify(
        {
          region: regions[0],
          files,
          hashAlgorithm: 'SHA-256',
          signatureAlgorithm: 'SHA256withRSA',
          queryCompleteTime: iso(completed),
          hashSignature,
          publicKeyFingerprint: keyB.fingerprint,
        },
        null,
        2,
      ),
    );
  }

  put(
    'kit.json',
    JSON.stringify(
      {
        format: 'cloudtrail-export-kit/1',
        tenant: { id: account, name: 'Northwind Health production' },
        audit_window: out.window,
        trails: [{ bucket, prefix: '', account, trail, organization_id: org, regions }],
        generated_at: iso(windowEnd + 3 * HOUR),
      },
      null,
      2,
    ),
  );
  writeFileSync(out.pinFile, keyList(pins));
  return out;
}

function gunzip(b: Buffer): string {
  return gunzipSync(b).toString('utf8');
}
