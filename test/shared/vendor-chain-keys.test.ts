// Pinned keys and head signatures: SPKI keys of the three algorithms read from PEM or base64 DER, their
// fingerprints, keys that are refused, and signatures made by Node's crypto (OpenSSL) checked by the pure
// verifier (noble curves, bigint RSA): two implementations that must agree.
import { describe, expect, it } from 'vitest';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { parsePublicKeys, PublicKeyError, type PublicKey } from '../../shared/vendor-chain/public-key';
import { verifyUnder } from '../../shared/vendor-chain/signature';
import { verifyRsaPkcs1Sha256 } from '../../shared/vendor-chain/rsa';

const pem = (k: KeyObject): string => k.export({ type: 'spki', format: 'pem' }) as string;
const der = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' }) as Buffer;

const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('parsePublicKeys', () => {
  it('reads each algorithm from PEM, several keys in one file, and names them by the SHA-256 of their DER', () => {
    const keys = parsePublicKeys(`# vendor keys\n${pem(ed.publicKey)}\n${pem(ec.publicKey)}${pem(rsa.publicKey)}`, 'keys.pem');
    expect(keys.map((k) => k.algorithm)).toEqual(['ed25519', 'ecdsa-p256', 'rsa-pkcs1-sha256']);
    expect(keys[0]!.fingerprint).toBe(createHash('sha256').update(der(ed.publicKey)).digest('hex'));
    expect(keys[2]).toMatchObject({ bytes: 256, e: 65537n, source: 'keys.pem (key 3)' });
    expect(parsePublicKeys(der(ec.publicKey).toString('base64'), 'inline')[0]!.fingerprint).toBe(keys[1]!.fingerprint);
  });

  it('refuses what is not a pin: a private key, another curve, a short RSA key, garbage', () => {
    const priv = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => parsePublicKeys(priv, 'priv.pem')).toThrow(/priv\.pem holds no "PUBLIC KEY" block/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey;
    expect(() => parsePublicKeys(pem(p384), 'p384.pem')).toThrow(/curve other than P-256/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(() => parsePublicKeys(pem(small), 'small.pem')).toThrow(/1024 bits is too short/);
    expect(() => parsePublicKeys('not a key', 'x')).toThrow(PublicKeyError);
    const cut = der(ed.publicKey).subarray(0, 30).toString('base64');
    expect(() => parsePublicKeys(cut, 'cut')).toThrow(/cut is not a usable public key/);
  });
});

describe('signatures made by OpenSSL verify under the pure verifier', () => {
  const msg = Buffer.from('{"hash":"ab","seq":7}');
  const keyOf = (k: KeyObject): PublicKey => parsePublicKeys(pem(k), 'k')[0]!;
  const cases: [string, PublicKey, Buffer, 'der' | 'raw'][] = [
    ['ed25519', keyOf(ed.publicKey), sign(null, msg, ed.privateKey), 'der'],
    ['ecdsa-p256 der', keyOf(ec.publicKey), sign('sha256', msg, ec.privateKey), 'der'],
    ['ecdsa-p256 raw', keyOf(ec.publicKey), sign('sha256', msg, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }), 'raw'],
    ['rsa', keyOf(rsa.publicKey), sign('sha256', msg, rsa.privateKey), 'der'],
  ];
  for (const [name, key, sig, fmt] of cases)
    it(name, () => {
      const spec = { algorithm: key.algorithm, ecdsaSignatureFormat: fmt };
      expect(verifyUnder(key, spec, msg, sig)).toBe(true);
      const bad = Buffer.from(sig);
      bad[bad.length - 1]! ^= 1;
      expect(verifyUnder(key, spec, msg, bad)).toBe(false);
      expect(verifyUnder(key, spec, Buffer.from('{"hash":"ab","seq":8}'), sig)).toBe(false);
      // a key never verifies for another algorithm than the profile's
      expect(verifyUnder(key, { algorithm: key.algorithm === 'ed25519' ? 'ecdsa-p256' : 'ed25519', ecdsaSignatureFormat: fmt }, msg, sig)).toBe(
        false,
      );
    });

  it('RSA: the encoded message is compared whole; a signature of the wrong length or beyond the modulus is refused', () => {
    const key = keyOf(rsa.publicKey) as Extract<PublicKey, { algorithm: 'rsa-pkcs1-sha256' }>;
    for (let i = 0; i < 20; i++) {
      const m = Buffer.from(`message ${i} ${'x'.repeat(i * 37)}`);
      expect(verifyRsaPkcs1Sha256(key, m, sign('sha256', m, rsa.privateKey))).toBe(true);
    }
    // a PKCS#1 v1.5 signature over SHA-1 (another DigestInfo) is not one over SHA-256
    expect(verifyRsaPkcs1Sha256(key, msg, sign('sha1', msg, rsa.privateKey))).toBe(false);
    const s = sign('sha256', msg, rsa.privateKey);
    expect(verifyRsaPkcs1Sha256(key, msg, s.subarray(1))).toBe(false);
    expect(verifyRsaPkcs1Sha256(key, msg, Buffer.alloc(256, 0xff))).toBe(false);
  });
});
