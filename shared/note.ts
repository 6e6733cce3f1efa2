// C2SP signed-note with Ed25519 keys (the format of golang.org/x/mod/sumdb/note): a UTF-8 text ending in
// a newline, one blank line, then signature lines "— <key name> <base64(4-byte key id || signature)>".
// Keys travel as "<name>+<hex key id>+<base64(0x01 || public key)>" (verifier) and
// "PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>" (signer).
//
// Trust is the caller's decision: pinned keys are the auditor's anchors, claimed keys are what the vendor
// says it uses. Signatures by keys in neither list are reported as unknown, never as errors, because the
// spec requires ignoring them (key rotation, witness cosignatures).
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64 as base64Encode } from './hex';

/** Canonical padded base64, or null: callers word the error for their context. */
function base64Decode(s: string): Uint8Array | null {
  try {
    return fromBase64(s);
  } catch {
    return null;
  }
}

export type NoteErrorCode =
  | 'malformed-key' // a key string or key name does not follow the format
  | 'unsupported-key-type' // a well-formed key of an algorithm other than Ed25519
  | 'key-id-mismatch' // the key id in a key string is not the hash of its name and public key
  | 'malformed-note' // the note's structure or characters break the format
  | 'too-many-signatures';

export class NoteError extends Error {
  override name = 'NoteError';
  constructor(
    readonly code: NoteErrorCode,
    message: string,
    /** 1-based line in the note, when the problem is on one line */
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface VerifierKey {
  name: string;
  /** 8 lowercase hex digits */
  keyId: string;
  /** 32-byte Ed25519 public key */
  publicKey: Uint8Array;
  /** canonical verifier key string */
  vkey: string;
}

export interface SignerKey {
  name: string;
  keyId: string;
  /** 32-byte Ed25519 seed (RFC 8032 private key) */
  seed: Uint8Array;
  publicKey: Uint8Array;
  /** PRIVATE+KEY+... string; secret */
  skey: string;
  /** the matching verifier key string, to hand to verifiers */
  vkey: string;
}

export interface NoteSignature {
  name: string;
  keyId: string;
  /** the bytes after the 4-byte key id */
  signature: Uint8Array;
  /** 1-based line in the note */
  line: number;
}

export interface ParsedNote {
  /** the signed text, including its final newline but not the separating blank line */
  text: string;
  signatures: NoteSignature[];
}

export type SignatureStatus = 'verified' | 'valid-unpinned' | 'invalid' | 'unknown-key';

export interface SignatureResult {
  name: string;
  keyId: string;
  status: SignatureStatus;
  line: number;
  /** the key the signature was checked against (absent for unknown keys) */
  vkey?: string;
}

const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 '; // em dash, space
const SIGNER_PREFIX = 'PRIVATE+KEY+';
// golang sumdb/note stops at 100; C2SP requires accepting at least 16.
const MAX_SIGNATURES = 100;

// Go's unicode.IsSpace, which is what golang sumdb/note forbids in key names (JavaScript's \s differs).
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
// A lone surrogate has no UTF-8 encoding: it is how invalid UTF-8 would show up in a JavaScript string.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const utf8 = new TextEncoder();

function hex4(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

function quote(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

function codePoint(s: string, i: number): string {
  return `U+${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a key name is unusable, or null. Names are non-empty, without Unicode spaces or '+'. */
function nameProblem(name: string): string | null {
  if (name === '') return 'the key name is empty';
  if (name.includes('+')) return `the key name ${quote(name)} contains a '+', which separates the parts of a key`;
  if (UNICODE_SPACE.test(name)) return `the key name ${quote(name)} contains a space`;
  if (CONTROL.test(name)) return `the key name ${quote(name)} contains a control character`;
  if (LONE_SURROGATE.test(name)) return `the key name ${quote(name)} is not valid Unicode`;
  return null;
}

function checkName(name: string): void {
  const p = nameProblem(name);
  if (p) throw new NoteError('malformed-key', p);
}

/** First character a signed note may not contain: controls other than newline, or invalid UTF-8. */
function textProblem(s: string): { index: number; message: string } | null {
  const c = CONTROL.exec(s);
  const u = LONE_SURROGATE.exec(s);
  const first = c && u ? (c.index < u.index ? c : u) : (c ?? u);
  if (!first) return null;
  const i = first.index;
  if (first === u) return { index: i, message: 'contains text that is not valid UTF-8' };
  if (s[i] === '\r')
    return {
      index: i,
      message: 'contains a carriage return (Windows line ending); signed notes use newline only, and the signature covers the exact bytes',
    };
  return { index: i, message: `contains the control character ${codePoint(s, i)}, which signed notes forbid` };
}

function lineAt(s: string, index: number): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0 && i < index; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function keyIdBytes(name: string, publicKey: Uint8Array): Uint8Array {
  const n = utf8.encode(name);
  const buf = new Uint8Array(n.length + 2 + publicKey.length);
  buf.set(n, 0);
  buf[n.length] = 0x0a;
  buf[n.length + 1] = ALG_ED25519;
  buf.set(publicKey, n.length + 2);
  return sha256(buf).subarray(0, 4);
}

function checkPublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== 32) throw new NoteError('malformed-key', `an Ed25519 public key is 32 bytes, this one is ${publicKey.length}`);
}

/** The C2SP key id: first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), as 8 lowercase hex digits. */
export function keyIdHex(name: string, publicKey: Uint8Array): string {
  checkName(name);
  checkPublicKey(publicKey);
  return hex4(keyIdBytes(name, publicKey));
}

function withAlg(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + key.length);
  out[0] = ALG_ED25519;
  out.set(key, 1);
  return out;
}

export function verifierKeyString(name: string, publicKey: Uint8Array): string {
  return `${name}+${keyIdHex(name, publicKey)}+${base64Encode(withAlg(publicKey))}`;
}

/** Split "<name>+<id>+<base64>" (the base64 may itself contain '+') and decode the key bytes. */
function keyFields(s: string, what: string, form: string): { name: string; keyId: string; key: Uint8Array } {
  const a = s.indexOf('+');
  const b = a < 0 ? -1 : s.indexOf('+', a + 1);
  if (b < 0) throw new NoteError('malformed-key', `${what} does not have the form ${form}`);
  const name = s.slice(0, a);
  const id = s.slice(a + 1, b);
  const data = s.slice(b + 1);
  const p = nameProblem(name);
  if (p) throw new NoteError('malformed-key', `${what} is malformed: ${p}`);
  if (!/^[0-9a-fA-F]{8}$/.test(id))
    throw new NoteError('malformed-key', `${what} for ${quote(name)} is malformed: the key ID ${quote(id)} is not 8 hexadecimal digits`);
  const raw = base64Decode(data);
  if (!raw || raw.length === 0) throw new NoteError('malformed-key', `${what} for ${quote(name)} is malformed: the key part is not valid base64`);
  if (raw[0] !== ALG_ED25519)
    throw new NoteError(
      'unsupported-key-type',
      `${what} for ${quote(name)} is of key type 0x${raw[0]!.toString(16).padStart(2, '0')}; only Ed25519 keys (type 0x01) are supported`,
    );
  if (raw.length !== 33)
    throw new NoteError('malformed-key', `${what} for ${quote(name)} is malformed: an Ed25519 key is 32 bytes, this one is ${raw.length - 1}`);
  return { name, keyId: id.toLowerCase(), key: raw.slice(1) };
}

export function parseVerifierKey(vkey: string): VerifierKey {
  const { name, keyId, key } = keyFields(vkey, 'the verifier key', '<name>+<key id>+<public key>');
  const want = hex4(keyIdBytes(name, key));
  if (want !== keyId)
    throw new NoteError(
      'key-id-mismatch',
      `the verifier key for ${quote(name)} names key ID ${keyId}, but its name and public key give ${want}: the key string was altered or mistyped`,
    );
  try {
    // Strict RFC 8032 decoding, as in verification: a key that can never verify is better refused now.
    const point = ed25519.Point.fromBytes(key, false);
    if (point.isSmallOrder()) throw new Error('small order');
  } catch {
    throw new NoteError('malformed-key', `the verifier key for ${quote(name)} does not hold a valid Ed25519 public key`);
  }
  return { name, keyId, publicKey: key, vkey: verifierKeyString(name, key) };
}

export function signerFromSeed(name: string, seed32: Uint8Array): SignerKey {
  checkName(name);
  if (seed32.length !== 32) throw new NoteError('malformed-key', `an Ed25519 signing seed is 32 bytes, this one is ${seed32.length}`);
  const seed = Uint8Array.from(seed32); // own copy, and a plain Uint8Array even when given a Buffer
  const publicKey = ed25519.getPublicKey(seed);
  const keyId = hex4(keyIdBytes(name, publicKey));
  return {
    name,
    keyId,
    seed,
    publicKey,
    skey: `${SIGNER_PREFIX}${name}+${keyId}+${base64Encode(withAlg(seed))}`,
    vkey: verifierKeyString(name, publicKey),
  };
}

export function parseSignerKey(skey: string): SignerKey {
  // Messages never quote the key material: it is secret.
  if (!skey.startsWith(SIGNER_PREFIX)) throw new NoteError('malformed-key', `a signer key starts with ${SIGNER_PREFIX}`);
  const { name, keyId, key } = keyFields(skey.slice(SIGNER_PREFIX.length), 'the signer key', `${SIGNER_PREFIX}<name>+<key id>+<seed>`);
  const signer = signerFromSeed(name, key);
  if (signer.keyId !== keyId)
    throw new NoteError(
      'key-id-mismatch',
      `the signer key for ${quote(name)} names key ID ${keyId}, but its name and key give ${signer.keyId}: the key string was altered or mistyped`,
    );
  return signer;
}

function parseSignatureLine(l: string, line: number): NoteSignature {
  if (!l.startsWith(SIG_PREFIX)) {
    const hint = /^[-\u2013\u2212]/.test(l) ? ` (it starts with ${codePoint(l, 0)}, not the em dash U+2014)` : '';
    throw new NoteError('malformed-note', `line ${line} is not a signature line "— <key name> <signature>"${hint}`, line);
  }
  const rest = l.slice(SIG_PREFIX.length);
  const sp = rest.indexOf(' ');
  if (sp < 0) throw new NoteError('malformed-note', `line ${line}: the signature line has no space between the key name and the signature`, line);
  const name = rest.slice(0, sp);
  const b64 = rest.slice(sp + 1);
  const p = nameProblem(name);
  if (p) throw new NoteError('malformed-note', `line ${line}: ${p}`, line);
  if (b64 === '') throw new NoteError('malformed-note', `line ${line}: the signature by ${quote(name)} is empty`, line);
  const raw = base64Decode(b64);
  if (!raw) throw new NoteError('malformed-note', `line ${line}: the signature by ${quote(name)} is not valid base64`, line);
  if (raw.length < 5)
    throw new NoteError(
      'malformed-note',
      `line ${line}: the signature by ${quote(name)} is ${raw.length} bytes, too short to hold a 4-byte key ID and a signature`,
      line,
    );
  return { name, keyId: hex4(raw), signature: raw.slice(4), line };
}

/**
 * Split a signed note into its text and signature lines, checking structure only (no cryptography).
 * Callers decoding bytes should use a fatal UTF-8 decoder, so invalid UTF-8 is refused rather than replaced.
 */
export function parseSignedNote(note: string): ParsedNote {
  if (note === '') throw new NoteError('malformed-note', 'the signed note is empty');
  const bad = textProblem(note);
  if (bad) {
    const line = lineAt(note, bad.index);
    throw new NoteError('malformed-note', `line ${line} of the signed note ${bad.message}`, line);
  }
  // The text may itself contain blank lines: the last blank line is the separator.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed-note', 'the signed note has no blank line separating its text from its signature lines');
  const text = note.slice(0, split + 1);
  const sigPart = note.slice(split + 2);
  const firstSigLine = lineAt(text, text.length) + 1; // text lines, then the blank line
  if (sigPart === '')
    throw new NoteError(
      'malformed-note',
      `the signed note has no signature lines after the blank line at line ${firstSigLine - 1}`,
      firstSigLine - 1,
    );
  const lines = sigPart.split('\n');
  if (lines.pop() !== '') {
    const line = firstSigLine + lines.length;
    throw new NoteError('malformed-note', `the signed note does not end with a newline: line ${line} is cut off`, line);
  }
  if (lines.length > MAX_SIGNATURES)
    throw new NoteError('too-many-signatures', `the signed note has ${lines.length} signature lines; at most ${MAX_SIGNATURES} are accepted`);
  return { text, signatures: lines.map((l, i) => parseSignatureLine(l, firstSigLine + i)) };
}

/** Sign a text (which must end in a newline) with each signer, in order; returns the full signed note. */
export function signNote(text: string, signers: SignerKey[]): string {
  if (!text.endsWith('\n')) throw new NoteError('malformed-note', 'a note text must end with a newline');
  const bad = textProblem(text);
  if (bad) {
    const line = lineAt(text, bad.index);
    throw new NoteError('malformed-note', `line ${line} of the note text ${bad.message}`, line);
  }
  if (signers.length === 0) throw new NoteError('malformed-note', 'a signed note needs at least one signature');
  if (signers.length > MAX_SIGNATURES) throw new NoteError('too-many-signatures', `a signed note carries at most ${MAX_SIGNATURES} signatures`);
  const msg = utf8.encode(text);
  let out = `${text}\n`;
  for (const s of signers) {
    // Rebuild from the seed so a hand-assembled SignerKey with a stale id cannot emit a mislabelled line.
    const k = signerFromSeed(s.name, s.seed);
    if (k.keyId !== s.keyId.toLowerCase())
      throw new NoteError('key-id-mismatch', `the signer ${quote(s.name)} claims key ID ${s.keyId}, but its key gives ${k.keyId}`);
    const sig = ed25519.sign(msg, k.seed);
    const raw = new Uint8Array(4 + sig.length);
    raw.set(keyIdBytes(k.name, k.publicKey), 0);
    raw.set(sig, 4);
    out += `${SIG_PREFIX}${k.name} ${base64Encode(raw)}\n`;
  }
  return out;
}

function verifies(sig: NoteSignature, msg: Uint8Array, key: VerifierKey): boolean {
  if (sig.signature.length !== 64 || key.publicKey.length !== 32) return false;
  try {
    // zip215: false is strict RFC 8032: non-canonical encodings and small-order keys do not verify.
    return ed25519.verify(sig.signature, msg, key.publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * Check every signature line against the auditor's pinned keys and the vendor's claimed keys.
 * A key is identified by name and key id together; a pinned key takes precedence over a claimed one with
 * the same identity, so a vendor cannot turn a bad signature under a pinned identity into "valid-unpinned"
 * by listing a colliding key (key ids are short and easy to collide on purpose).
 */
export function verifyNote(
  note: string | ParsedNote,
  pinned: VerifierKey[],
  claimed: VerifierKey[] = [],
): { text: string; signatures: SignatureResult[] } {
  const parsed = typeof note === 'string' ? parseSignedNote(note) : note;
  const msg = utf8.encode(parsed.text);
  const signatures = parsed.signatures.map((s): SignatureResult => {
    const id = s.keyId.toLowerCase();
    const same = (k: VerifierKey): boolean => k.name === s.name && k.keyId.toLowerCase() === id;
    const base = { name: s.name, keyId: id, line: s.line };
    for (const [keys, good] of [
      [pinned, 'verified'],
      [claimed, 'valid-unpinned'],
    ] as const) {
      const candidates = keys.filter(same);
      if (candidates.length === 0) continue;
      const ok = candidates.find((k) => verifies(s, msg, k));
      return ok ? { ...base, status: good, vkey: ok.vkey } : { ...base, status: 'invalid', vkey: candidates[0]!.vkey };
    }
    return { ...base, status: 'unknown-key' };
  });
  return { text: parsed.text, signatures };
}
