// Which key vouches for a signature. Only the auditor's pinned keys can make a signature "pinned"; the
// vendor's public-keys/<region>.json (its copy of list-public-keys) can at most make it "unpinned": valid,
// but under a key the auditor did not obtain. A key is chosen by fingerprint string and validity window
// (cloudtrail-export-kit/1 §1, §3 item 1); a pinned key with the fingerprint that rejects the signature
// makes it invalid whatever the vendor lists.
import { readFileSync } from 'node:fs';
import { keysFor, parsePublicKeyList, PublicKeyFileError, type CloudTrailPublicKey } from '../../../../shared/cloudtrail/public-keys';
import { InputError } from '../../io/source';
import { verifySha256WithRsa } from './rsa';

export type SignatureStatus = 'pinned' | 'unpinned' | 'invalid' | 'unknown-key';

/** The keys in the auditor's pin files (list-public-keys output; all Regions may be merged in one). */
export function readPinFiles(files: readonly string[]): CloudTrailPublicKey[] {
  const keys: CloudTrailPublicKey[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new InputError(`The pin file ${f} cannot be read: ${(e as Error).message}`, f);
    }
    keys.push(...parseKeyFile(text, f));
  }
  return keys;
}

export function parseKeyFile(text: string, file: string): CloudTrailPublicKey[] {
  try {
    return parsePublicKeyList(text, file);
  } catch (e) {
    if (e instanceof PublicKeyFileError) throw new InputError(e.message, e.file, e.line);
    throw e;
  }
}

export function checkSignature(
  signed: string,
  signatureHex: string,
  fingerprint: string,
  atMs: number,
  pinned: readonly CloudTrailPublicKey[],
  vendor: readonly CloudTrailPublicKey[],
): SignatureStatus {
  const mine = keysFor(pinned, fingerprint, atMs);
  if (mine.length > 0) return mine.some((k) => verifySha256WithRsa(signed, signatureHex, k.value)) ? 'pinned' : 'invalid';
  const theirs = keysFor(vendor, fingerprint, atMs);
  if (theirs.length > 0) return theirs.some((k) => verifySha256WithRsa(signed, signatureHex, k.value)) ? 'unpinned' : 'invalid';
  return 'unknown-key';
}
