// Checks the signed notes of a bundle — checkpoints (§4) and the manifest signature (§6) — against the
// auditor's pinned keys. Keys the vendor lists are only claims: a signature by them is "valid but unpinned".
import { parseCheckpointText, splitCheckpointFile, type Checkpoint } from './checkpoint';
import { NoteError, parseSignedNote, parseVerifierKey, verifyNote, type SignatureResult, type VerifierKey } from './note';
import { toHex } from './hex';
import type { CheckpointReport, Finding, ManifestStream } from './types';

export interface KeySet {
  pinned: VerifierKey[];
  claimed: VerifierKey[];
}

/** Parse key strings, reporting the ones that are malformed instead of failing the whole run. */
export function parseKeys(vkeys: readonly string[], source: string, findings: Finding[]): VerifierKey[] {
  const out: VerifierKey[] = [];
  for (const k of vkeys) {
    try {
      out.push(parseVerifierKey(k));
    } catch (e) {
      findings.push({
        code: 'manifest-invalid',
        severity: 'warning',
        file: source,
        message: `The key ${JSON.stringify(k.slice(0, 80))} in ${source} is not a valid note verifier key: ${(e as Error).message}`,
      });
    }
  }
  return out;
}

export interface ParsedCheckpoint {
  file: string;
  line: number;
  note: string;
  checkpoint: Checkpoint;
}

/** Split and parse a stream's checkpoint file; malformed blocks become findings. */
export function readCheckpointFile(streamId: string, file: string, content: string, findings: Finding[]): ParsedCheckpoint[] {
  const out: ParsedCheckpoint[] = [];
  let blocks;
  try {
    blocks = splitCheckpointFile(content);
  } catch (e) {
    findings.push({
      code: 'checkpoint-malformed',
      severity: 'error',
      stream: streamId,
      file,
      message: `${file} is not a list of signed checkpoints: ${(e as Error).message}`,
    });
    return out;
  }
  for (const b of blocks) {
    try {
      const note = parseSignedNote(b.note);
      out.push({ file, line: b.startLine, note: b.note, checkpoint: parseCheckpointText(note.text) });
    } catch (e) {
      findings.push({
        code: 'checkpoint-malformed',
        severity: 'error',
        stream: streamId,
        file,
        line: b.startLine,
        message: `The checkpoint at ${file} line ${b.startLine} cannot be read: ${(e as Error).message}`,
      });
    }
  }
  return out;
}

function signatureFindings(
  results: SignatureResult[],
  what: string,
  streamId: string | undefined,
  file: string,
  line: number | undefined,
): { findings: Finding[]; anchored: boolean } {
  const findings: Finding[] = [];
  const base = { stream: streamId, file, line };
  for (const r of results) {
    if (r.status === 'invalid') {
      findings.push({
        ...base,
        code: streamId ? 'checkpoint-signature-invalid' : 'manifest-signature-invalid',
        severity: 'error',
        found: `${r.name}+${r.keyId}`,
        message: `${what} carries a signature by ${r.name} (key ${r.keyId}) that does not verify: the signed text was changed or the signature forged.`,
      });
    }
  }
  const anchored = results.some((r) => r.status === 'verified');
  if (!anchored && findings.length === 0) {
    const unpinned = results.filter((r) => r.status === 'valid-unpinned');
    if (unpinned.length > 0) {
      findings.push({
        ...base,
        code: streamId ? 'checkpoint-unpinned' : 'manifest-signature-unpinned',
        severity: 'warning',
        found: unpinned.map((r) => `${r.name}+${r.keyId}`).join(', '),
        message: `${what} is validly signed by ${unpinned.map((r) => `${r.name} (key ${r.keyId})`).join(', ')}, a key the vendor lists but you have not pinned: valid but unpinned, not verified.`,
      });
    } else {
      findings.push({
        ...base,
        code: streamId ? 'checkpoint-unsigned' : 'manifest-signature-invalid',
        severity: 'error',
        found: results.map((r) => `${r.name}+${r.keyId}`).join(', ') || 'no signatures',
        message: `${what} has no signature by any known key (${results.length} signature${results.length === 1 ? '' : 's'} by unknown keys).`,
      });
    }
  }
  return { findings, anchored };
}

export interface CheckpointOutcome {
  reports: CheckpointReport[];
  findings: Finding[];
  /** every checkpoint carries a pinned signature, one consistent with the events, and none is inconsistent or forged */
  anchored: boolean;
}

/** Check each checkpoint's signature, origin and root against the roots the events produced. */
export function checkCheckpoints(
  stream: ManifestStream,
  cps: readonly ParsedCheckpoint[],
  rootsAt: ReadonlyMap<number, string>,
  eventsEnd: number,
  keys: KeySet,
): CheckpointOutcome {
  const reports: CheckpointReport[] = [];
  const findings: Finding[] = [];
  // verified only when every checkpoint carries a pinned signature and one of them covers the events
  let anchoredOne = false;
  let allPinned = true;
  for (const cp of cps) {
    const { checkpoint: c, file, line } = cp;
    const what = `The checkpoint at ${file} line ${line} (size ${c.treeSize})`;
    const v = verifyNote(cp.note, keys.pinned, keys.claimed);
    const sig = signatureFindings(v.signatures, what, stream.id, file, line);
    findings.push(...sig.findings);
    const root = toHex(c.rootHash);
    let consistency: CheckpointReport['consistency'] = 'unknown';
    if (c.origin !== stream.origin) {
      findings.push({
        code: 'checkpoint-inconsistent',
        severity: 'error',
        stream: stream.id,
        file,
        line,
        expected: stream.origin,
        found: c.origin,
        message: `${what} is for origin "${c.origin}", not this stream's "${stream.origin}".`,
      });
      consistency = 'inconsistent';
    } else {
      const ours = rootsAt.get(c.treeSize);
      if (ours !== undefined) {
        consistency = ours === root ? 'consistent' : 'inconsistent';
        if (ours !== root && c.treeSize === stream.first_seq && stream.first_seq > 0) {
          findings.push({
            code: 'frontier-invalid',
            severity: 'error',
            stream: stream.id,
            file,
            line,
            expected: root,
            found: ours,
            message: `The prior frontier in the manifest does not fold to the root of the earlier checkpoint of size ${c.treeSize} (${file} line ${line}): this slice does not continue the log that checkpoint signed.`,
          });
        } else if (ours !== root) {
          findings.push({
            code: 'checkpoint-inconsistent',
            severity: 'error',
            stream: stream.id,
            file,
            line,
            seq: c.treeSize - 1,
            expected: ours,
            found: root,
            message: `${what} does not match the events: the first ${c.treeSize} records hash to a different root. Records up to seq ${c.treeSize - 1} differ from what was signed.`,
          });
        }
      } else if (c.treeSize > eventsEnd) {
        consistency = 'inconsistent';
        findings.push({
          code: 'checkpoint-inconsistent',
          severity: 'error',
          stream: stream.id,
          file,
          line,
          expected: `at most ${eventsEnd}`,
          found: String(c.treeSize),
          message: `${what} covers ${c.treeSize} records but the stream ends at ${eventsEnd}: records signed for are missing.`,
        });
      } else {
        findings.push({
          code: 'checkpoint-unverifiable',
          severity: 'info',
          stream: stream.id,
          file,
          line,
          found: String(c.treeSize),
          message: `${what} is for an earlier part of the log than this bundle carries; keep it to check consistency with the next period.`,
        });
      }
    }
    if (sig.anchored && consistency === 'consistent') anchoredOne = true;
    if (!sig.anchored) allPinned = false;
    reports.push({
      file,
      line,
      origin: c.origin,
      treeSize: c.treeSize,
      root,
      consistency,
      signatures: v.signatures.map(({ name, keyId, status }) => ({ name, keyId, status })),
    });
  }
  if (cps.length === 0) {
    findings.push({
      code: 'checkpoint-unsigned',
      severity: 'error',
      stream: stream.id,
      message: `Stream "${stream.id}" has no readable checkpoint: nothing signed vouches for its events.`,
    });
  }
  const broken = findings.some((f) => f.severity === 'error');
  return { reports, findings, anchored: anchoredOne && allPinned && !broken };
}

export const MANIFEST_SIG_HEADER = 'tickmark-bundle/1 manifest';

export function manifestSignatureText(manifestSha256Hex: string): string {
  return `${MANIFEST_SIG_HEADER}\n${manifestSha256Hex}\n`;
}

/** §6: the signature note's text must name the exact manifest bytes, and verify under a pinned key. */
export function checkManifestSignature(
  sigNote: string | null,
  manifestSha256Hex: string,
  keys: KeySet,
): { status: 'verified' | 'valid-unpinned' | 'invalid' | 'missing'; findings: Finding[] } {
  const file = 'manifest.json.sig';
  if (sigNote === null) {
    return {
      status: 'missing',
      findings: [
        {
          code: 'manifest-signature-missing',
          severity: 'warning',
          file,
          message: 'The bundle has no manifest.json.sig: nothing signed vouches for the manifest (the checkpoints still do for the streams).',
        },
      ],
    };
  }
  let text: string;
  try {
    text = parseSignedNote(sigNote).text;
  } catch (e) {
    const msg = e instanceof NoteError ? e.message : String(e);
    return {
      status: 'invalid',
      findings: [{ code: 'manifest-signature-invalid', severity: 'error', file, message: `manifest.json.sig is not a signed note: ${msg}` }],
    };
  }
  const want = manifestSignatureText(manifestSha256Hex);
  if (text !== want) {
    return {
      status: 'invalid',
      findings: [
        {
          code: 'manifest-signature-invalid',
          severity: 'error',
          file,
          expected: want.trim(),
          found: text.trim(),
          message: 'manifest.json.sig signs a different manifest: the manifest was changed after it was signed.',
        },
      ],
    };
  }
  const v = verifyNote(sigNote, keys.pinned, keys.claimed);
  const sig = signatureFindings(v.signatures, 'The manifest signature', undefined, file, undefined);
  const status = sig.anchored ? 'verified' : sig.findings.some((f) => f.severity === 'error') ? 'invalid' : 'valid-unpinned';
  return { status, findings: sig.findings };
}
