// RSA PKCS#1 v1.5 signature over SHA-256 (SHA256withRSA), the algorithm CloudTrail signs digests and Lake
// sign files with, under a public key given as base64 DER PKCS#1 RSAPublicKey (as ListPublicKeys returns it).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

const keyCache = new Map<string, KeyObject | null>();

function keyOf(base64Der: string): KeyObject | null {
  let k = keyCache.get(base64Der);
  if (k === undefined) {
    try {
      k = createPublicKey({ key: Buffer.from(base64Der, 'base64'), format: 'der', type: 'pkcs1' });
    } catch {
      k = null;
    }
    keyCache.set(base64Der, k);
  }
  return k;
}

/** Whether a key's bytes are a usable RSA public key at all. */
export function isRsaPublicKey(base64Der: string): boolean {
  return keyOf(base64Der) !== null;
}

/** True when `signatureHex` is a valid SHA256withRSA signature of `signed` (UTF-8) under the key. */
export function verifySha256WithRsa(signed: string, signatureHex: string, base64Der: string): boolean {
  const key = keyOf(base64Der);
  if (!key || !/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  return verify('sha256', Buffer.from(signed, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
}

/** The DER bytes two listings give for a key are the same bytes (base64 may differ in padding or layout). */
export function sameKeyBytes(aBase64: string, bBase64: string): boolean {
  return Buffer.from(aBase64, 'base64').equals(Buffer.from(bBase64, 'base64'));
}
