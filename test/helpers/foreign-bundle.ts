// A producer that is not Tickmark: valid tickmark-bundle/1 bundles whose event lines look like another
// vendor's (#12 "foreign-shaped corpus"). Written from docs/bundle-format.md, it deliberately differs from
// the product's fixture generator in everything the format leaves free: member order at random, spaces
// between tokens, non-ASCII text written raw or as \u escapes, numbers as floats, exponents and
// non-shortest forms (1.50, 1e2, 0.000012), nesting to any depth, long strings, extra members, timestamps
// with offsets and 1–9 fraction digits. Hashes follow the format: SHA-256 over the RFC 8785 form of the
// record without `hash` (shared/jcs.ts, held to RFC 8785's vectors), Merkle and signed notes likewise.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalizeWithout } from '../../shared/jcs';
import { formatCheckpointText } from '../../shared/checkpoint';
import { merkleHasher, rootFromLeafHashes } from '../../shared/merkle';
import { signNote, signerFromSeed, verifierKeyString } from '../../shared/note';
import { manifestSignatureText } from '../../shared/signatures';
import { toHex } from '../../shared/hex';
import { SeededRandom } from '../../shared/sampling/prng';

const sha = (b: Uint8Array | string): Uint8Array => createHash('sha256').update(b).digest();
const hasher = merkleHasher(sha);

export interface ForeignBundle {
  dir: string;
  vendorKey: string;
  events: number;
  bytes: number;
}

export interface ForeignOptions {
  out: string;
  events: number;
  seed: string;
  /** deepest nesting of the extra members (default 6) */
  depth?: number;
}

const WINDOW = { start: '2026-01-01T00:00:00Z', end: '2026-06-30T23:59:59Z' };
const TEXTS = ['Zoë Ünal', '患者記録', 'Ωmega', '😀 ok', 'tab\there', 'quote "x"', 'back\\slash', 'line\nbreak', '/path/to', 'plain'];

/** A JSON text of `v` as another producer might write it: keys in random order, spaces, escapes, number forms. */
function writeJson(v: unknown, r: SeededRandom): string {
  const sp = (): string => (r.nextBelow(4) === 0 ? ' ' : '');
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return writeNumber(v, r);
  if (typeof v === 'string') return writeString(v, r);
  if (Array.isArray(v)) return `[${sp()}${v.map((x) => writeJson(x, r)).join(`,${sp()}`)}${sp()}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = r.nextBelow(i + 1);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return `{${sp()}${entries.map(([k, x]) => `${writeString(k, r)}${sp()}:${sp()}${writeJson(x, r)}`).join(`,${sp()}`)}${sp()}}`;
}

function writeNumber(n: number, r: SeededRandom): string {
  const plain = JSON.stringify(n);
  switch (r.nextBelow(5)) {
    case 0: // an exponent form of the same value
      return n.toExponential();
    case 1: // trailing zeros
      return plain.includes('e') ? plain : plain.includes('.') ? `${plain}00` : `${plain}.0`;
    default:
      return plain;
  }
}

function writeString(s: string, r: SeededRandom): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20) out += c === 10 ? '\\n' : c === 9 ? '\\t' : `\\u${c.toString(16).padStart(4, '0')}`;
    else if (c > 0x7e && r.nextBelow(2) === 0)
      out += Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
    else if (ch === '/' && r.nextBelow(3) === 0) out += '\\/';
    else out += ch;
  }
  return `${out}"`;
}

function extra(r: SeededRandom, depth: number): unknown {
  const k = r.nextBelow(depth > 0 ? 8 : 5);
  if (k === 0) return TEXTS[r.nextBelow(TEXTS.length)];
  if (k === 1) return Math.round((r.nextBelow(1e6) / 1000) * 1000) / 1000 + 0.001; // 12.963-like floats
  if (k === 2) return [1e-7, -2.5e-3, 6.02e-5, 0.1, -0.75, 1e21 / 1e6][r.nextBelow(6)];
  if (k === 3) return r.nextBelow(3) === 0 ? 'x'.repeat(2000 + r.nextBelow(8000)) : r.nextBelow(2) === 0;
  if (k === 4) return r.nextBelow(1_000_000) - 500_000;
  if (k === 5) return Array.from({ length: r.nextBelow(4) }, () => extra(r, depth - 1));
  return Object.fromEntries(
    Array.from({ length: 1 + r.nextBelow(4) }, (_, i) => [`${['m', 'é', 'Z', '_k', 'a1'][r.nextBelow(5)]}${i}`, extra(r, depth - 1)]),
  );
}

function timestamp(ms: number, r: SeededRandom): string {
  const iso = new Date(ms).toISOString(); // …SS.mmmZ
  switch (r.nextBelow(4)) {
    case 0: // an offset instead of Z: the same instant
      return `${new Date(ms + 2 * 3600_000).toISOString().slice(0, 23)}+02:00`;
    case 1: // nine fraction digits
      return `${iso.slice(0, 23)}${String(r.nextBelow(1e6)).padStart(6, '0')}Z`;
    case 2: // whole seconds only, when the instant has no milliseconds
      return ms % 1000 === 0 ? `${iso.slice(0, 19)}Z` : iso;
    default:
      return iso;
  }
}

/** Write a foreign-shaped bundle of `events` events in two streams, signed by one vendor key. */
export function writeForeignBundle(o: ForeignOptions): ForeignBundle {
  const r = new SeededRandom(`foreign:${o.seed}`);
  const vendor = signerFromSeed('foreign.example/vendor', sha(`foreign-key:${o.seed}`));
  const vendorKey = verifierKeyString(vendor.name, vendor.publicKey);
  mkdirSync(path.join(o.out, 'streams'), { recursive: true });
  mkdirSync(path.join(o.out, 'checkpoints'), { recursive: true });
  const start = Date.parse(WINDOW.start);
  const span = Date.parse(WINDOW.end) - start;
  const streams = [
    { id: 'ehr-access', category: 'phi_access', share: 0.6 },
    { id: 'idp', category: 'auth', share: 0.4 },
  ];
  let bytes = 0;
  const manifestStreams = streams.map((s, si) => {
    const n = si === streams.length - 1 ? o.events - Math.round(o.events * streams[0]!.share) : Math.round(o.events * s.share);
    const origin = `foreign.example/${s.id}`;
    const lines: string[] = [];
    const leaves: Uint8Array[] = [];
    let prev = '0'.repeat(64);
    for (let i = 0; i < n; i++) {
      const ms = start + Math.floor(((i + 0.5) / n) * span); // evenly spread: no silent interval
      const rec: Record<string, unknown> = {
        seq: i,
        ts: timestamp(ms, r),
        category: s.category,
        action: ['record.read', 'login', 'export', 'query'][r.nextBelow(4)],
        actor: { id: `u-${r.nextBelow(5000)}`, type: r.nextBelow(5) === 0 ? 'service' : 'user', display: TEXTS[r.nextBelow(TEXTS.length)] },
        outcome: r.nextBelow(10) === 0 ? 'failure' : 'success',
        prev_hash: prev,
      };
      if (r.nextBelow(2) === 0) rec.target = { type: 'Patient', id: `pt-${r.nextBelow(1e5)}`, meta: extra(r, o.depth ?? 6) };
      if (r.nextBelow(3) === 0) rec.mfa = r.nextBelow(2) === 0;
      rec.latency_ms = Math.round(r.nextBelow(100_000)) / 1000;
      for (let k = r.nextBelow(4); k > 0; k--) rec[`x_${['ctx', 'näme', 'z', 'A'][r.nextBelow(4)]}${k}`] = extra(r, o.depth ?? 6);
      const c = canonicalizeWithout(rec, 'hash');
      rec.hash = toHex(sha(c));
      leaves.push(hasher.hashLeaf(new TextEncoder().encode(c)));
      prev = rec.hash as string;
      lines.push(writeJson(rec, r));
    }
    const file = `streams/${s.id}.jsonl`;
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(o.out, file), text);
    const root = toHex(rootFromLeafHashes(hasher, leaves));
    const cp = `checkpoints/${s.id}.ckpt`;
    writeFileSync(
      path.join(o.out, cp),
      signNote(formatCheckpointText({ origin, treeSize: n, rootHash: rootFromLeafHashes(hasher, leaves), extensions: [] }), [vendor]),
    );
    return {
      id: s.id,
      description: `${s.id} (foreign producer)`,
      files: [file],
      origin,
      first_seq: 0,
      event_count: n,
      chain: { prev_hash: '0'.repeat(64), head: prev },
      merkle: { tree_size: n, root, prior_frontier: [] },
      checkpoints: [cp],
    };
  });
  const manifest = {
    format: 'tickmark-bundle/1',
    producer: { name: 'foreign-producer', version: '9.1' },
    tenant: { id: 't-foreign', name: 'Foreign Health Ltd' },
    audit_window: WINDOW,
    generated_at: '2026-07-01T08:00:00Z',
    signing_keys: [vendorKey],
    streams: manifestStreams,
    evidence: [],
  };
  const manifestText = `${JSON.stringify(manifest, null, 1)}\n`;
  writeFileSync(path.join(o.out, 'manifest.json'), manifestText);
  writeFileSync(path.join(o.out, 'manifest.json.sig'), signNote(manifestSignatureText(toHex(sha(manifestText))), [vendor]));
  return { dir: o.out, vendorKey, events: o.events, bytes };
}
