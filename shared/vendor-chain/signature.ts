// A head signature checked under one key: Ed25519 (RFC 8032, strict: no ZIP-215 leniency), ECDSA P-256
// over SHA-256 (FIPS 186-5; DER or raw r||s as the profile says; high-S accepted, as OpenSSL and Java
// produce it), or RSA PKCS#1 v1.5 SHA-256 (rsa.ts). A key of another algorithm than the profile's never verifies.
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import type { PublicKey } from './public-key';
import { verifyRsaPkcs1Sha256 } from './rsa';

export interface SignatureSpec {
  algorithm: PublicKey['algorithm'];
  ecdsaSignatureFormat: 'der' | 'raw';
}

export function verifyUnder(key: PublicKey, spec: SignatureSpec, message: Uint8Array, signature: Uint8Array): boolean {
  if (key.algorithm !== spec.algorithm) return false;
  try {
    switch (key.algorithm) {
      case 'ed25519':
        return ed25519.verify(signature, message, key.key, { zip215: false });
      case 'ecdsa-p256':
        return p256.verify(signature, message, key.key, {
          prehash: true,
          lowS: false,
          format: spec.ecdsaSignatureFormat === 'der' ? 'der' : 'compact',
        });
      case 'rsa-pkcs1-sha256':
        return verifyRsaPkcs1Sha256(key, message, signature);
    }
  } catch {
    return false; // a malformed signature or point is not a valid signature
  }
}
