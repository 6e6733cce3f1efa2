// Vendor hash-chain exports with their profiles, written from the profile format (docs/vendor-chain-profiles.md)
// with Node's own crypto (createHash, createHmac, sign), never with the verifier's code, so the two are
// independent implementations of one description. Keys are made here: random for tests, from a fixed seed
// (Ed25519 only, which signs deterministically) for the examples in resources/vendor-chains/, so that
// regenerating them gives the same bytes. Each tamper says where the verifier must find the first break.
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalize } from '../../shared/jcs';

export type Framing = 'jsonl' | 'csv';
export type Canonical = 'jcs' | 'raw-line' | 'fields';
export type Recipe = 'sha256' | 'sha256-prev-prefix' | 'hmac-sha256';
export type Anchor = 'none' | 'ed25519' | 'ecdsa-p256' | 'rsa-pkcs1-sha256';
export type Tamper = 'edit' | 'delete' | 'insert' | 'reorder' | 'truncate' | 'append' | 'head-signature' | 'time';
export const TAMPERS: readonly Tamper[] = ['edit', 'delete', 'insert', 'reorder', 'truncate', 'append', 'head-signature', 'time'];

export interface ChainOptions {
  dir: string;
  name?: string;
  framing?: Framing;
  canonical?: Canonical;
  recipe?: Recipe;
  encoding?: 'hex' | 'base64';
  anchor?: Anchor;
  ecdsaFormat?: 'der' | 'raw';
  records?: number;
  /** record files the export is split into (a folder of events-0001.*, …) */
  files?: number;
  tamper?: Tamper;
  /** the record a tamper is applied at (0-based; default the middle) */
  at?: number;
  /** the head names its own public key (a claim the verifier must not trust by itself) */
  claimKey?: boolean;
  /** Ed25519 seed (32 bytes) for a reproducible key; else a random key */
  seed?: Uint8Array;
  /** declare the genesis and first sequence number in the profile (default true) */
  declareStart?: boolean;
}

export interface GeneratedChain {
  dir: string;
  /** the export folder (records and head) */
  exportDir: string;
  profileFile: string;
  profile: Record<string, unknown>;
  /** the vendor's public key, PEM (absent for anchor none) */
  pinFile: string | null;
  /** a key of the same algorithm the vendor did not sign with */
  otherPinFile: string | null;
  records: number;
  /** where a tamper must be found first: the record file, its 1-based line and seq (line null: the head) */
  expected: { file: string; line: number | null; seq: number } | null;
}

type Row = Record<string, string | number>;

const FIELDS = { sequence: 'seq', time: 'ts', previousHash: 'prev_hash', hash: 'hash' };
const NAMED = ['seq', 'ts', 'actor', 'action', 'target', 'prev_hash'];
const CSV_COLUMNS = ['seq', 'ts', 'actor', 'action', 'target', 'prev_hash', 'hash'];
const HMAC_SECRET = 'vendor-secret-the-auditor-never-sees';
const ACTIONS = ['login', 'export report', 'update user, role', 'delete file', 'read "payroll"'];

function keyPair(alg: Exclude<Anchor, 'none'>, seed?: Uint8Array): { priv: KeyObject; pub: KeyObject } {
  if (seed && alg === 'ed25519') {
    // RFC 8410 PKCS#8 of an Ed25519 seed: a fixed 16-byte prefix, then the 32 seed bytes
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]);
    const priv = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return { priv, pub: createPublicKey(priv) };
  }
  const k =
    alg === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : alg === 'ecdsa-p256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { priv: k.privateKey, pub: k.publicKey };
}

function signWith(alg: Exclude<Anchor, 'none'>, priv: KeyObject, msg: Buffer, ecdsaFormat: 'der' | 'raw'): Buffer {
  if (alg === 'ed25519') return sign(null, msg, priv);
  if (alg === 'ecdsa-p256') return sign('sha256', msg, { key: priv, dsaEncoding: ecdsaFormat === 'raw' ? 'ieee-p1363' : 'der' });
  return sign('sha256', msg, priv); // RSASSA-PKCS1-v1_5 is Node's default for RSA keys
}

const enc = (b: Buffer, e: 'hex' | 'base64'): string => b.toString(e);

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(r: Row, columns: readonly string[]): string {
  return columns.map((c) => csvCell(r[c]!)).join(',');
}

/** What the record's hash covers, as the profile's canonical form defines it. */
function canonicalOf(r: Row, canonical: Canonical, framing: Framing): Buffer {
  if (canonical === 'jcs') {
    const { hash: _omit, ...rest } = r;
    return Buffer.from(canonicalize(rest), 'utf8');
  }
  if (canonical === 'raw-line') return Buffer.from(csvRow(r, CSV_COLUMNS.slice(0, -1)), 'utf8');
  void framing;
  return Buffer.from(NAMED.map((f) => String(r[f])).join('|'), 'utf8');
}

function hashOf(r: Row, o: Required<Pick<ChainOptions, 'canonical' | 'recipe' | 'encoding' | 'framing'>>): string {
  const c = canonicalOf(r, o.canonical, o.framing);
  const prev = Buffer.from(String(r.prev_hash), o.encoding);
  if (o.recipe === 'sha256') return enc(createHash('sha256').update(c).digest(), o.encoding);
  if (o.recipe === 'sha256-prev-prefix') return enc(createHash('sha256').update(prev).update(c).digest(), o.encoding);
  return enc(createHmac('sha256', HMAC_SECRET).update(prev).update(c).digest(), o.encoding);
}

const tsOf = (seq: number): string => new Date(Date.UTC(2026, 0, 5, 8, 0, 0) + seq * 61_000).toISOString().replace('.000Z', 'Z');

export function generateVendorChain(opts: ChainOptions): GeneratedChain {
  const o = {
    framing: opts.framing ?? 'jsonl',
    canonical: opts.canonical ?? (opts.framing === 'csv' ? 'raw-line' : 'jcs'),
    recipe: opts.recipe ?? 'sha256',
    encoding: opts.encoding ?? 'hex',
  } as const;
  const anchor = opts.anchor ?? 'ed25519';
  const ecdsaFormat = opts.ecdsaFormat ?? 'der';
  const n = opts.records ?? 40;
  const nFiles = opts.files ?? 1;
  const genesis = o.recipe === 'sha256-prev-prefix' ? '' : enc(Buffer.alloc(32), o.encoding);

  // the honest chain
  const rows: Row[] = [];
  let prev = genesis;
  for (let i = 0; i < n; i++) {
    const seq = i + 1;
    const r: Row = {
      seq,
      ts: tsOf(seq),
      actor: `user${(i * 7) % 5}@example.com`,
      action: ACTIONS[i % ACTIONS.length]!,
      target: `doc-${(i * 13) % 97}`,
      prev_hash: prev,
    };
    r.hash = hashOf(r, o);
    rows.push(r);
    prev = r.hash as string;
  }
  const last = rows[rows.length - 1]!;

  // the head, over the honest chain
  const exportDir = path.join(opts.dir, 'export');
  mkdirSync(exportDir, { recursive: true });
  let head: Record<string, unknown> | null = null;
  let pinFile: string | null = null;
  let otherPinFile: string | null = null;
  if (anchor !== 'none') {
    const k = keyPair(anchor, opts.seed);
    const pem = k.pub.export({ type: 'spki', format: 'pem' }) as string;
    const body: Record<string, unknown> = { seq: last.seq, hash: last.hash, time: last.ts, records: n };
    const sig = signWith(anchor, k.priv, Buffer.from(canonicalize(body), 'utf8'), ecdsaFormat);
    head = { ...body, signature: sig.toString('base64') };
    if (opts.claimKey) head.public_key = (k.pub.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
    pinFile = path.join(opts.dir, 'vendor-key.pem');
    writeFileSync(pinFile, pem);
    if (!opts.seed) {
      otherPinFile = path.join(opts.dir, 'other-key.pem');
      writeFileSync(otherPinFile, keyPair(anchor).pub.export({ type: 'spki', format: 'pem' }) as string);
    }
  }

  // tampering, on the written export
  const at = opts.at ?? Math.floor(n / 2);
  let expectedIndex: number | null = null; // index in the tampered list of the first record found broken
  let headBreak = false;
  switch (opts.tamper) {
    case 'edit':
      rows[at] = { ...rows[at]!, actor: 'someone-else@example.com' };
      expectedIndex = at;
      break;
    case 'delete':
      rows.splice(at, 1);
      expectedIndex = at;
      break;
    case 'insert': {
      // a forged record that links to the one before and hashes correctly: the next one no longer links
      const f: Row = { ...rows[at - 1]!, seq: (rows[at - 1]!.seq as number) + 1, action: 'forged', prev_hash: rows[at - 1]!.hash! };
      f.hash = hashOf(f, o);
      rows.splice(at, 0, f);
      expectedIndex = at + 1;
      break;
    }
    case 'reorder':
      [rows[at], rows[at + 1]] = [rows[at + 1]!, rows[at]!];
      expectedIndex = at;
      break;
    case 'truncate':
      rows.splice(rows.length - 3, 3);
      headBreak = anchor !== 'none';
      break;
    case 'append': {
      const f: Row = { ...last, seq: (last.seq as number) + 1, ts: tsOf((last.seq as number) + 1), action: 'appended', prev_hash: last.hash! };
      f.hash = hashOf(f, o);
      rows.push(f);
      headBreak = true;
      break;
    }
    case 'head-signature': {
      const s = Buffer.from(head!.signature as string, 'base64');
      s[s.length - 1]! ^= 1;
      head!.signature = s.toString('base64');
      headBreak = true;
      break;
    }
    case 'time': {
      // rewritten consistently (hash recomputed and the rest relinked): only the time order shows
      rows[at] = { ...rows[at]!, ts: tsOf((rows[at]!.seq as number) - 3) };
      for (let i = at; i < rows.length; i++) {
        if (i > at) rows[i] = { ...rows[i]!, prev_hash: rows[i - 1]!.hash! };
        rows[i]!.hash = hashOf(rows[i]!, o);
      }
      if (head) head.hash = rows[rows.length - 1]!.hash; // the signature then no longer matches the head: use anchor none
      expectedIndex = at;
      break;
    }
    case undefined:
      break;
  }

  // the record files
  const ext = o.framing === 'csv' ? 'csv' : 'jsonl';
  const per = Math.ceil(rows.length / nFiles);
  let expected: GeneratedChain['expected'] = null;
  for (let f = 0; f < nFiles; f++) {
    const name = nFiles === 1 ? `events.${ext}` : `events-${String(f + 1).padStart(4, '0')}.${ext}`;
    const part = rows.slice(f * per, (f + 1) * per);
    const lines =
      o.framing === 'csv'
        ? [CSV_COLUMNS.join(','), ...part.map((r) => csvRow(r, CSV_COLUMNS))].join('\r\n') + '\r\n'
        : part.map((r) => JSON.stringify(r)).join('\n') + '\n';
    writeFileSync(path.join(exportDir, name), lines);
    if (expectedIndex !== null && expectedIndex >= f * per && expectedIndex < (f + 1) * per)
      expected = { file: name, line: expectedIndex - f * per + (o.framing === 'csv' ? 2 : 1), seq: rows[expectedIndex]!.seq as number };
  }
  if (head) writeFileSync(path.join(exportDir, 'head.json'), `${JSON.stringify(head, null, 2)}\n`);
  if (headBreak) expected = { file: 'head.json', line: null, seq: head!.seq as number };

  const profile: Record<string, unknown> = {
    format: 'tickmark-vendor-chain-profile/1',
    name: opts.name ?? `Example vendor (${o.framing}, ${o.canonical}, ${o.recipe}, ${anchor})`,
    framing: o.framing === 'csv' ? { type: 'csv', delimiter: ',' } : { type: 'jsonl' },
    fields: FIELDS,
    canonical: o.canonical === 'fields' ? { form: 'fields', fields: NAMED, separator: '|' } : { form: o.canonical },
    recipe: { algorithm: o.recipe, encoding: o.encoding },
    chain: opts.declareStart === false ? { timeOrder: 'non-decreasing' } : { genesis, firstSequence: 1, timeOrder: 'non-decreasing' },
    anchor:
      anchor === 'none'
        ? { type: 'none' }
        : {
            type: 'signed-head',
            file: 'head.json',
            algorithm: anchor,
            signatureEncoding: 'base64',
            ...(anchor === 'ecdsa-p256' ? { ecdsaSignatureFormat: ecdsaFormat } : {}),
          },
  };
  const profileFile = path.join(opts.dir, 'profile.json');
  writeFileSync(profileFile, `${JSON.stringify(profile, null, 2)}\n`);
  return { dir: opts.dir, exportDir, profileFile, profile, pinFile, otherPinFile, records: rows.length, expected };
}
