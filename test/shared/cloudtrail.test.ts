import { describe, expect, it } from 'vitest';
import { walkChain, type ChainDigest } from '../../shared/cloudtrail/chain';
import { shortTail, uncoveredSpans, unionSpans } from '../../shared/cloudtrail/coverage';
import { digestSigningString, lakeSigningString } from '../../shared/cloudtrail/signing-string';
import { parseCloudTrailObject } from '../../shared/cloudtrail/paths';
import { keysFor, parsePublicKeyList } from '../../shared/cloudtrail/public-keys';
import { recordsOf } from '../../shared/cloudtrail/records';
import { parseKitManifest, KitManifestError } from '../../shared/cloudtrail/kit-manifest';

const H = 3600_000;

/** A chain of n digests, each one hour, linked as CloudTrail links them. */
function chain(n: number, t0 = 0): ChainDigest[] {
  const out: ChainDigest[] = [];
  for (let i = 0; i < n; i++) {
    const p = out[i - 1];
    out.push({
      bucket: 'b',
      key: `d${i}`,
      startMs: t0 + i * H,
      endMs: t0 + (i + 1) * H,
      sha256: `h${i}`,
      signature: `s${i}`,
      prev: p ? { bucket: 'b', key: p.key, hashValue: p.sha256, signature: p.signature } : null,
      usable: true,
    });
  }
  return out;
}

describe('data-signing strings', () => {
  it('is end time, bucket/object, hash and previous signature on four lines; "null" for the first', () => {
    const d = { digestEndTime: '2015-08-17T15:01:31Z', digestS3Bucket: 'b', digestS3Object: 'AWSLogs/1/x.json.gz', previousDigestSignature: null };
    expect(digestSigningString(d, 'ab')).toBe('2015-08-17T15:01:31Z\nb/AWSLogs/1/x.json.gz\nab\nnull');
    expect(digestSigningString({ ...d, previousDigestSignature: 'cd' }, 'ab').endsWith('\nab\ncd')).toBe(true);
    expect(lakeSigningString(['a', 'b', 'c'])).toBe('a b c');
  });
});

describe('object paths', () => {
  it('reads log and digest keys, organization trails, prefixes and backfill digests', () => {
    const d = parseCloudTrailObject(
      's3/bk/pre/fix/AWSLogs/o-abcdefghij/123456789012/CloudTrail-Digest/eu-west-1/2026/01/01/123456789012_CloudTrail-Digest_eu-west-1_my_trail_eu-west-1_20260101T010131Z_backfill.json.gz',
    );
    expect(d).toMatchObject({
      kind: 'digest',
      bucket: 'bk',
      prefix: 'pre/fix/',
      orgId: 'o-abcdefghij',
      account: '123456789012',
      region: 'eu-west-1',
      trail: 'my_trail',
      backfill: true,
    });
    const l = parseCloudTrailObject(
      's3/bk/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/01/01/123456789012_CloudTrail_eu-west-1_20260101T0105Z_AbC123.json.gz',
    );
    expect(l).toMatchObject({ kind: 'log', orgId: null, prefix: '', region: 'eu-west-1' });
    expect(parseCloudTrailObject('s3/bk/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/01/01/notes.txt')).toBeNull();
    expect(parseCloudTrailObject('kit.json')).toBeNull();
  });
});

describe('public keys', () => {
  it('accepts ISO and epoch-second validity and chooses by fingerprint and window, never by time alone', () => {
    const keys = parsePublicKeyList(
      JSON.stringify({
        PublicKeyList: [
          { Value: 'QUJD', ValidityStartTime: '2026-01-01T00:00:00Z', ValidityEndTime: '2026-01-02T00:00:00Z', Fingerprint: 'aa' },
          { Value: 'REVG', ValidityStartTime: 1767225600, ValidityEndTime: 1767398400, Fingerprint: 'bb' },
        ],
      }),
      'k.json',
    );
    const t = Date.parse('2026-01-01T12:00:00Z');
    expect(keysFor(keys, 'bb', t).map((k) => k.value)).toEqual(['REVG']);
    expect(keysFor(keys, 'aa', Date.parse('2026-01-03T00:00:00Z'))).toEqual([]);
    expect(keysFor(keys, 'AA', t)).toEqual([]); // strings compared as they are
  });
  it('names the file and line of a broken key file', () => {
    expect(() => parsePublicKeyList('{\n"PublicKeyList": [\n,]}', 'pins.json')).toThrow(/pins\.json is not valid JSON at line 3/);
  });
});

describe('kit.json', () => {
  it('refuses a kit that does not follow the format, naming the member', () => {
    expect(() =>
      parseKitManifest(
        JSON.stringify({
          format: 'cloudtrail-export-kit/1',
          tenant: { id: 'x', name: 'y' },
          audit_window: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' },
          trails: [{ bucket: 'b', account: '12', trail: 't', regions: ['us-east-1'] }],
          generated_at: '2026-01-03T00:00:00Z',
        }),
      ),
    ).toThrow(/trails\.0\.account: must be a 12-digit/);
    expect(() => parseKitManifest('{"format":')).toThrow(KitManifestError);
  });
});

describe('chain walk', () => {
  it('a whole chain is one segment without issues', () => {
    const w = walkChain(chain(5), 0);
    expect(w.segments).toHaveLength(1);
    expect(w.issues).toEqual([]);
  });
  it('a deleted digest is a missing predecessor with the uncovered span between its neighbours', () => {
    const c = chain(5);
    const w = walkChain(
      c.filter((d) => d.key !== 'd2'),
      0,
    );
    expect(w.segments).toHaveLength(2);
    const i = w.issues.find((x) => x.kind === 'missing-predecessor');
    expect(i).toMatchObject({ digest: { key: 'd3' }, missing: { key: 'd2' }, span: { fromMs: 2 * H, toMs: 3 * H }, resumesAt: { key: 'd1' } });
  });
  it('the oldest digest may lack its predecessor only when it ends before the window starts', () => {
    const c = chain(4).slice(1);
    expect(walkChain(c, 2 * H).issues).toEqual([]);
    expect(walkChain(c, H).issues.map((i) => i.kind)).toEqual(['missing-predecessor']);
  });
  it('a chain started again leaves the older digests unreached; a stop between linked digests is a gap', () => {
    const c = chain(4);
    c[2] = { ...c[2]!, prev: null };
    expect(walkChain(c, 0).issues).toMatchObject([{ kind: 'restarted', digest: { key: 'd2' }, unreached: { key: 'd1' } }]);
    const s = chain(3);
    s[2] = { ...s[2]!, startMs: 5 * H, endMs: 6 * H };
    expect(walkChain(s, 0).issues).toMatchObject([{ kind: 'stopped', span: { fromMs: 2 * H, toMs: 5 * H } }]);
  });
  it('a link to other bytes or another signature breaks the chain; a copy is set aside', () => {
    const c = chain(3);
    c[2] = { ...c[2]!, prev: { ...c[2]!.prev!, hashValue: 'other', signature: 'forged' } };
    expect(
      walkChain(c, 0)
        .issues.map((i) => i.kind)
        .sort(),
    ).toEqual(['hash-link', 'signature-link']);
    const d = chain(3);
    const w = walkChain([...d, { ...d[1]!, key: 'elsewhere', usable: false }], 0);
    expect(w.issues).toMatchObject([{ kind: 'copy', digest: { key: 'elsewhere' }, original: { key: 'd1' } }]);
  });
});

describe('coverage', () => {
  it('merges touching spans and lists what the window lacks', () => {
    expect(
      unionSpans([
        { fromMs: 2, toMs: 3 },
        { fromMs: 0, toMs: 1 },
        { fromMs: 1, toMs: 2 },
      ]),
    ).toEqual([{ fromMs: 0, toMs: 3 }]);
    expect(
      uncoveredSpans({ fromMs: 0, toMs: 10 }, [
        { fromMs: 2, toMs: 4 },
        { fromMs: 6, toMs: 8 },
      ]),
    ).toEqual([
      { fromMs: 0, toMs: 2 },
      { fromMs: 4, toMs: 6 },
      { fromMs: 8, toMs: 10 },
    ]);
    expect(uncoveredSpans({ fromMs: 0, toMs: 10 }, [{ fromMs: -5, toMs: 20 }])).toEqual([]);
  });
  it('warns when the newest digest ends less than an hour after the window', () => {
    expect(shortTail(10 * H + 1, 10 * H)).toEqual({ fromMs: 10 * H + 1, toMs: 11 * H });
    expect(shortTail(11 * H, 10 * H)).toBeNull();
  });
});

describe('recordsOf', () => {
  it('maps a CloudTrail record to the filter fields and keeps it, with its index', () => {
    const rec = {
      eventTime: '2026-01-01T00:05:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'us-east-1',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/Admin/alice', principalId: 'AROA:alice' },
      sourceIPAddress: '203.0.113.5',
      errorCode: 'AccessDenied',
      requestParameters: { bucketName: 'phi', key: 'p/1.json' },
      eventID: 'e1',
    };
    const { records, problems } = recordsOf({
      Records: [
        rec,
        { eventTime: 'yesterday' },
        {
          ...rec,
          userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
          errorCode: undefined,
          resources: [{ ARN: 'arn:aws:s3:::phi' }],
        },
      ],
    });
    expect(records[0]).toMatchObject({
      index: 0,
      ts: rec.eventTime,
      tsMs: Date.parse(rec.eventTime),
      action: 's3.amazonaws.com:GetObject',
      actorId: rec.userIdentity.arn,
      actorType: 'AssumedRole',
      outcome: 'failure',
      target: 'phi/p/1.json',
      sourceIp: '203.0.113.5',
      record: rec,
    });
    expect(records[1]).toMatchObject({
      index: 2,
      actorId: 'ec2.amazonaws.com',
      actorType: 'AWSService',
      outcome: 'success',
      target: 'arn:aws:s3:::phi',
    });
    expect(problems).toEqual([{ index: 1, message: 'Records[1] has no valid eventTime' }]);
    expect(recordsOf({ records: [] }).problems[0]!.index).toBeNull();
  });
});
