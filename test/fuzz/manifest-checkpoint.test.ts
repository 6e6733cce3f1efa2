// Fuzzing the manifest, checkpoint and signed-note parsers (#11 "Also"): mutated real inputs and arbitrary
// text are read or refused with the parser's own typed error — never another exception, never a hang —
// and every refusal of a checkpoint file names its line. The file-level readers (shared/signatures.ts)
// turn any refusal into a finding naming the file.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestError, parseManifest } from '../../shared/manifest';
import { CheckpointError, parseCheckpointText, splitCheckpointFile } from '../../shared/checkpoint';
import { NoteError, parseSignedNote } from '../../shared/note';
import { readCheckpointFile } from '../../shared/signatures';
import type { Finding } from '../../shared/types';
import { fuzzParams } from '../helpers/fuzz';

const sample = path.resolve(__dirname, '../../resources/sample-engagement');
const manifest = readFileSync(path.join(sample, 'manifest.json'), 'utf8');
const checkpoints = readFileSync(path.join(sample, 'checkpoints/auth.ckpt'), 'utf8');

/** A text with one of a few kinds of damage at a random place. */
const mutated = (base: string) =>
  fc.tuple(fc.nat(base.length), fc.nat(3), fc.string({ unit: 'binary', maxLength: 12 }), fc.nat(40)).map(([at, kind, text, len]) => {
    if (kind === 0) return base.slice(0, at) + base.slice(at + len);
    if (kind === 1) return base.slice(0, at) + text + base.slice(at);
    if (kind === 2) return base.slice(0, at) + text + base.slice(at + text.length);
    return base.slice(0, at);
  });

function refusedOnlyWith<E extends Error>(f: () => unknown, type: new (...a: never[]) => E): E | null {
  try {
    f();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return e as E;
  }
}

describe('manifest, checkpoint and signed-note parsers over damaged input', () => {
  it('parseManifest reads or refuses with ManifestError', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutated(manifest), fc.string({ unit: 'binary', maxLength: 400 })),
        (t) => void refusedOnlyWith(() => parseManifest(t), ManifestError),
      ),
      fuzzParams(3000),
    );
  });

  it('checkpoint files are read or refused with CheckpointError or NoteError, a file refusal naming its line', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(checkpoints), fc.string({ unit: 'binary', maxLength: 300 })), (t) => {
        const e = refusedOnlyWith(() => splitCheckpointFile(t), CheckpointError);
        if (e) expect(e.message).toMatch(/^line \d+/);
        for (const block of e ? [] : splitCheckpointFile(t)) {
          const n = refusedOnlyWith(() => parseSignedNote(block.note), NoteError);
          if (!n) refusedOnlyWith(() => parseCheckpointText(parseSignedNote(block.note).text), CheckpointError);
        }
        // the verifier's reader never throws: a refusal is a finding naming the file
        const findings: Finding[] = [];
        readCheckpointFile('auth', 'checkpoints/auth.ckpt', t, findings);
        for (const f of findings) expect(f.file).toBe('checkpoints/auth.ckpt');
      }),
      fuzzParams(3000),
    );
  });
});
