// The keys an auditor pins, and the one a head file may claim: X.509 SubjectPublicKeyInfo (RFC 5280
// §4.1.2.7), as a PEM "PUBLIC KEY" block (RFC 7468 §13, what `openssl pkey -pubout` writes and vendors
// publish) or its base64 DER on one line. The algorithm comes from the key itself:
//   Ed25519       OID 1.3.101.112 (RFC 8410), 32-byte key
//   ECDSA P-256   OID 1.2.840.10045.2.1 with namedCurve 1.2.840.10045.3.1.7 (RFC 5480), SEC 1 point
//   RSA           OID 1.2.840.113549.1.1.1 (RFC 8017), RSAPublicKey { n, e }
// A key is named by its fingerprint: lowercase hex SHA-256 of the SPKI DER (as `openssl pkey -pubin
// -outform DER | sha256sum` gives), so the auditor can compare it with what the vendor told them.
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toHex } from '../hex';
import { children, DerError, readTlv, unsignedInteger } from './der';

export type HeadAlgorithm = 'ed25519' | 'ecdsa-p256' | 'rsa-pkcs1-sha256';

export type PublicKey =
  | { algorithm: 'ed25519'; fingerprint: string; source: string; key: Uint8Array }
  | { algorithm: 'ecdsa-p256'; fingerprint: string; source: string; key: Uint8Array }
  | { algorithm: 'rsa-pkcs1-sha256'; fingerprint: string; source: string; n: bigint; e: bigint; bytes: number };

export class PublicKeyError extends Error {
  override name = 'PublicKeyError';
}

const hexOf = (b: Uint8Array, s: number, e: number): string => toHex(b.subarray(s, e));
const OID_ED25519 = '2b6570';
const OID_EC = '2a8648ce3d0201';
const OID_P256 = '2a8648ce3d030107';
const OID_RSA = '2a864886f70d010101';

/** One SPKI DER → a key; `source` says where it came from, for messages. */
export function publicKeyFromSpki(der: Uint8Array, source: string): PublicKey {
  const fingerprint = toHex(sha256(der));
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30 || top.end !== der.length) throw new DerError('not one SEQUENCE');
    const [alg, bits, extra] = children(der, top);
    if (!alg || !bits || extra || alg.tag !== 0x30 || bits.tag !== 0x03) throw new DerError('not a SubjectPublicKeyInfo');
    const [oid, params] = children(der, alg);
    if (!oid || oid.tag !== 0x06) throw new DerError('no algorithm identifier');
    if (der[bits.start] !== 0) throw new DerError('the key BIT STRING has unused bits');
    const key = der.subarray(bits.start + 1, bits.end);
    const id = hexOf(der, oid.start, oid.end);
    if (id === OID_ED25519) {
      if (params || key.length !== 32) throw new DerError('an Ed25519 key is 32 bytes with no parameters');
      return { algorithm: 'ed25519', fingerprint, source, key: key.slice() };
    }
    if (id === OID_EC) {
      if (!params || params.tag !== 0x06 || hexOf(der, params.start, params.end) !== OID_P256)
        throw new DerError('an EC key on a curve other than P-256 (prime256v1)');
      return { algorithm: 'ecdsa-p256', fingerprint, source, key: key.slice() };
    }
    if (id === OID_RSA) {
      const seq = readTlv(key, 0);
      const [n, e] = children(key, seq);
      if (!n || !e) throw new DerError('an RSAPublicKey is { modulus, publicExponent }');
      const modulus = unsignedInteger(key, n);
      const bytes = Math.ceil(modulus.toString(16).length / 2);
      if (bytes < 256) throw new DerError(`an RSA key of ${bytes * 8} bits is too short (2048 at least)`);
      return { algorithm: 'rsa-pkcs1-sha256', fingerprint, source, n: modulus, e: unsignedInteger(key, e), bytes };
    }
    throw new DerError(`algorithm OID ${id} is none of Ed25519, ECDSA P-256 or RSA`);
  } catch (e) {
    if (e instanceof DerError) throw new PublicKeyError(`${source} is not a usable public key: ${e.message}`);
    throw e;
  }
}

const PEM = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/g;

/** Every key in a text: PEM "PUBLIC KEY" blocks, or else one base64 SPKI DER (whitespace ignored). */
export function parsePublicKeys(text: string, source: string): PublicKey[] {
  const blocks = [...text.matchAll(PEM)].map((m) => m[1]!);
  if (blocks.length === 0) {
    if (/-----BEGIN /.test(text)) throw new PublicKeyError(`${source} holds no "PUBLIC KEY" block (a certificate or private key is not a pin)`);
    blocks.push(text);
  }
  return blocks.map((b, i) => {
    let der: Uint8Array;
    try {
      der = fromBase64(b.replace(/\s+/g, ''));
    } catch (e) {
      throw new PublicKeyError(`${source}${blocks.length > 1 ? ` (key ${i + 1})` : ''} is not base64 SPKI: ${(e as Error).message}`);
    }
    return publicKeyFromSpki(der, blocks.length > 1 ? `${source} (key ${i + 1})` : source);
  });
}
