// RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 §8.2.2), on bigints: s^e mod n, then the whole
// encoded message compared byte for byte with the one expected (EMSA-PKCS1-v1_5, §9.2), never parsed, so
// that no malformed padding can pass (the Bleichenbacher 2006 forgery needs a lenient parser).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from '../hex';

// DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1)
const SHA256_PREFIX = Uint8Array.from([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

function toBytes(v: bigint, k: number): Uint8Array {
  const out = new Uint8Array(k);
  for (let i = k - 1; i >= 0 && v > 0n; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

export function verifyRsaPkcs1Sha256(key: { n: bigint; e: bigint; bytes: number }, message: Uint8Array, signature: Uint8Array): boolean {
  const k = key.bytes;
  if (signature.length !== k) return false;
  let s = 0n;
  for (const x of signature) s = (s << 8n) | BigInt(x);
  if (s >= key.n) return false;
  const em = toBytes(modPow(s, key.e, key.n), k);
  const expected = new Uint8Array(k).fill(0xff);
  expected[0] = 0;
  expected[1] = 1;
  const t = k - SHA256_PREFIX.length - 32;
  expected[t - 1] = 0;
  expected.set(SHA256_PREFIX, t);
  expected.set(sha256(message), t + SHA256_PREFIX.length);
  return bytesEqual(em, expected);
}
