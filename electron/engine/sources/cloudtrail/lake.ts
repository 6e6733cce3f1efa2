// CloudTrail Lake signed query results (cloudtrail-export-kit/1 §4; CloudTrail User Guide, "CloudTrail sign
// file structure"): result_sign.json lists each result_<n>.csv.gz with the hex SHA-256 of the file as
// delivered (compressed), and hashSignature (hex) is SHA256withRSA over those hashes joined by single
// spaces, under the key with publicKeyFingerprint valid at queryCompleteTime. Pinned keys as for digests.
import type { BundleSource } from '../../io/source';
import { InputError, sha256Of } from '../../io/source';
import type { CloudTrailPublicKey } from '../../../../shared/cloudtrail/public-keys';
import type { LakeResultReport } from '../../../../shared/cloudtrail/report';
import { parseLakeSignFile } from '../../../../shared/cloudtrail/lake-sign';
import { lakeSigningString } from '../../../../shared/cloudtrail/signing-string';
import { parseRfc3339 } from '../../../../shared/time';
import { verdictOf } from '../../../../shared/findings';
import type { Finding } from '../../../../shared/types';
import { checkSignature } from './keys';
import { readJsonText, LAKE_SIGN_FILE } from './kit-source';

const RESULT_FILE = /^result_\d+\.csv\.gz$/;

export async function verifyLakeResults(
  source: BundleSource,
  folder: string,
  pinned: readonly CloudTrailPublicKey[],
  vendorKeys: (region: string | null) => readonly CloudTrailPublicKey[],
): Promise<LakeResultReport> {
  const dir = folder === '' ? '' : `${folder}/`;
  const signPath = `${dir}${LAKE_SIGN_FILE}`;
  const parsed = parseLakeSignFile(await readJsonText(source, signPath));
  if (!parsed.ok) throw new InputError(`${signPath} ${parsed.problem}`, signPath, parsed.line);
  const sign = parsed.sign;
  const region = sign.region ?? null;
  const where = `Lake results ${folder || '.'}${region ? ` (Region ${region})` : ''}`;
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'message'> & { message: string }): void =>
    void findings.push({ ...f, message: `${where}: ${f.message}`, ...(region ? { region } : {}) });

  const files: LakeResultReport['files'] = [];
  for (const f of sign.files) {
    const path = `${dir}${f.fileName}`;
    if (f.fileName.includes('/') || !source.has(path)) {
      add({
        code: 'cloudtrail-lake-file-missing',
        severity: 'error',
        file: path,
        message: `${f.fileName}, listed in ${LAKE_SIGN_FILE}, is not in the folder`,
      });
      files.push({ name: f.fileName, verified: false });
      continue;
    }
    const { sha256 } = await sha256Of(source, path);
    const ok = sha256 === f.fileHashValue.toLowerCase();
    if (!ok)
      add({
        code: 'cloudtrail-lake-file-altered',
        severity: 'error',
        file: path,
        expected: f.fileHashValue,
        found: sha256,
        message: `${f.fileName} is not the file ${LAKE_SIGN_FILE} lists: its SHA-256 differs`,
      });
    files.push({ name: f.fileName, verified: ok });
  }
  const listed = new Set(sign.files.map((f) => f.fileName));
  for (const e of source.entries()) {
    if (!e.path.startsWith(dir)) continue;
    const name = e.path.slice(dir.length);
    if (RESULT_FILE.test(name) && !listed.has(name))
      add({
        code: 'cloudtrail-lake-file-unlisted',
        severity: 'error',
        file: e.path,
        message: `${name} is in the folder but not in ${LAKE_SIGN_FILE}: its rows are not covered by the signature`,
      });
  }

  const status =
    sign.signatureAlgorithm !== 'SHA256withRSA' || sign.hashAlgorithm !== 'SHA-256'
      ? 'invalid'
      : checkSignature(
          lakeSigningString(sign.files.map((f) => f.fileHashValue)),
          sign.hashSignature,
          sign.publicKeyFingerprint,
          parseRfc3339(sign.queryCompleteTime)!,
          pinned,
          vendorKeys(region),
        );
  const signature = status === 'pinned' ? 'verified' : status === 'unpinned' ? 'valid-unpinned' : status;
  if (status === 'invalid')
    add({
      code: 'cloudtrail-signature-invalid',
      severity: 'error',
      file: signPath,
      message: `the hashSignature of ${LAKE_SIGN_FILE} does not verify under key ${sign.publicKeyFingerprint}: the sign file or the hashes were altered`,
    });
  if (status === 'unpinned')
    add({
      code: 'cloudtrail-signature-unpinned',
      severity: 'warning',
      file: signPath,
      message: `${LAKE_SIGN_FILE} is signed by key ${sign.publicKeyFingerprint}, which only the vendor's public-keys file lists`,
    });
  if (status === 'unknown-key')
    add({
      code: 'cloudtrail-key-unknown',
      severity: 'warning',
      file: signPath,
      message: `${LAKE_SIGN_FILE} is signed by key ${sign.publicKeyFingerprint}, which no pinned or listed key has at ${sign.queryCompleteTime}`,
    });
  return { folder: folder || '.', region, verdict: verdictOf(findings, status === 'pinned'), signature, files, findings };
}
