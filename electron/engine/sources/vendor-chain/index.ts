// Vendor hash chains under a declared profile (issue #14 §2, docs/vendor-chain-profiles.md): the profile,
// the auditor's pinned keys and the export are read here; the checks are pure (shared/vendor-chain/).
import { readFileSync, existsSync, statSync } from 'node:fs';
import { parseProfile, type VendorChainProfile } from '../../../../shared/vendor-chain/profile';
import { ProfileError } from '../../../../shared/vendor-chain/errors';
import { parsePublicKeys, PublicKeyError, type PublicKey } from '../../../../shared/vendor-chain/public-key';
import { verifyVendorChain } from '../../../../shared/vendor-chain/verify';
import type { VendorChainReport } from '../../../../shared/vendor-chain/report';
import { TOOL_VERSION } from '../../version';
import { readExport } from './read-export';

export function readProfile(file: string): VendorChainProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ProfileError(`The profile ${file} cannot be read: ${(e as Error).message}`, file, null);
  }
  return parseProfile(text, file);
}

/** Each pin is a key file (PEM, or base64 SPKI) when such a file exists, else the base64 SPKI itself. */
export function readPins(pins: readonly string[]): PublicKey[] {
  return pins.flatMap((pin) => {
    if (existsSync(pin) && statSync(pin).isFile()) return parsePublicKeys(readFileSync(pin, 'utf8'), pin);
    // a mistyped file name would otherwise be read as a (bad) base64 key
    if (/\.(pem|pub|key|der|spki|txt)$/i.test(pin)) throw new PublicKeyError(`The key file ${pin} does not exist`);
    return parsePublicKeys(pin, 'the key given with --pin');
  });
}

export function verifyVendorChainPath(target: string, profileFile: string, pins: readonly string[]): VendorChainReport {
  const profile = readProfile(profileFile);
  const keys = readPins(pins);
  return verifyVendorChain(profile, profileFile, readExport(profile, target), keys, TOOL_VERSION);
}
