import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  NoteError,
  keyIdHex,
  parseSignedNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  signerFromSeed,
  verifierKeyString,
  verifyNote,
  type NoteErrorCode,
  type VerifierKey,
} from '../../shared/note';
import { CheckpointError, formatCheckpointText, parseCheckpointText, splitCheckpointFile } from '../../shared/checkpoint';

interface Vector {
  source: string;
  vkey: string;
  note: string;
  expect_valid_for_vkey: boolean;
  other_vkey?: string;
}
const vectorFile = JSON.parse(readFileSync(path.resolve(__dirname, '../vectors/notes/signed-notes.json'), 'utf8')) as {
  vectors: Vector[];
  tree_note_golden: { text: string; tree_size: number };
  checkpoint_example: { text: string };
};

const sha = (...parts: (string | Uint8Array)[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const unb64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/** Expect f to throw a NoteError with this code and a message matching re. */
function expectNoteError(f: () => unknown, code: NoteErrorCode, re: RegExp): NoteError {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(NoteError);
  const e = err as NoteError;
  expect(e.code).toBe(code);
  expect(e.message).toMatch(re);
  return e;
}

function expectCheckpointError(f: () => unknown, re: RegExp, line?: number): CheckpointError {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CheckpointError);
  const e = err as CheckpointError;
  expect(e.message).toMatch(re);
  if (line !== undefined) expect(e.line).toBe(line);
  return e;
}

describe('signed-note vectors (shared/vectors/notes/signed-notes.json)', () => {
  it('has vectors to run', () => {
    expect(vectorFile.vectors.length).toBeGreaterThanOrEqual(2);
  });

  for (const v of vectorFile.vectors) {
    describe(v.source, () => {
      const key = parseVerifierKey(v.vkey);

      it('parses the verifier key and re-encodes it identically', () => {
        const [name, id] = v.vkey.split('+');
        expect(key.name).toBe(name);
        expect(key.keyId).toBe(id);
        expect(key.publicKey).toHaveLength(32);
        expect(key.vkey).toBe(v.vkey);
        expect(keyIdHex(key.name, key.publicKey)).toBe(id);
        expect(verifierKeyString(key.name, key.publicKey)).toBe(v.vkey);
      });

      it(`is ${v.expect_valid_for_vkey ? 'valid' : 'not valid'} for its key; other signatures are ignored as unknown`, () => {
        const r = verifyNote(v.note, [key]);
        const mine = r.signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
        expect(mine).toHaveLength(1);
        expect(mine[0]!.status).toBe(v.expect_valid_for_vkey ? 'verified' : 'invalid');
        expect(mine[0]!.vkey).toBe(key.vkey);
        for (const s of r.signatures) if (s !== mine[0]) expect(s.status).toBe('unknown-key');
        expect(r.text.endsWith('\n')).toBe(true);
        expect(v.note.startsWith(`${r.text}\n`)).toBe(true);
      });

      it('is valid but unpinned when the key is only claimed', () => {
        const mine = verifyNote(v.note, [], [key]).signatures.find((s) => s.name === key.name)!;
        expect(mine.status).toBe(v.expect_valid_for_vkey ? 'valid-unpinned' : 'invalid');
      });

      it('is invalid once the text is changed', () => {
        const tampered = `X${v.note}`;
        const mine = verifyNote(tampered, [key]).signatures.find((s) => s.name === key.name)!;
        expect(mine.status).toBe('invalid');
      });

      if (v.other_vkey) {
        it('verifies the second signature under its own key', () => {
          const other = parseVerifierKey(v.other_vkey!);
          expect(other.vkey).toBe(v.other_vkey);
          expect(verifyNote(v.note, [key, other]).signatures.map((s) => s.status)).toEqual(['verified', 'verified']);
          expect(verifyNote(v.note, [other]).signatures.map((s) => s.status)).toEqual(['unknown-key', 'verified']);
          expect(verifyNote(v.note, [key], [other]).signatures.map((s) => s.status)).toEqual(['verified', 'valid-unpinned']);
          expect(verifyNote(v.note, []).signatures.map((s) => s.line)).toEqual([4, 5]);
        });
      }
    });
  }

  it('reproduces the golang sumdb/note signature from its published signer key (Ed25519 is deterministic)', () => {
    const skey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
    const v = vectorFile.vectors.find((x) => x.vkey.startsWith('PeterNeumann+'))!;
    const signer = parseSignerKey(skey);
    expect(signer.skey).toBe(skey);
    expect(signer.vkey).toBe(v.vkey);
    const text = parseSignedNote(v.note).text;
    const firstSig = v.note.split('\n').find((l) => l.startsWith('— PeterNeumann '))!;
    expect(signNote(text, [signer])).toBe(`${text}\n${firstSig}\n`);
  });

  it('tree note golden: parse, format round trip, root = SHA-256(0x00 || "hello world")', () => {
    const g = vectorFile.tree_note_golden;
    const cp = parseCheckpointText(g.text);
    expect(cp.origin).toBe('go.sum database tree');
    expect(cp.treeSize).toBe(123456789012);
    expect(cp.treeSize).toBe(g.tree_size);
    expect(cp.rootHash).toEqual(sha(new Uint8Array([0]), 'hello world'));
    expect(cp.extensions).toEqual([]);
    expect(formatCheckpointText(cp)).toBe(g.text);
  });

  it('C2SP tlog-checkpoint example: parses (its key is not published)', () => {
    const n = parseSignedNote(vectorFile.checkpoint_example.text);
    expect(n.signatures).toHaveLength(1);
    expect(n.signatures[0]).toMatchObject({ name: 'example.com/behind-the-sofa', line: 5 });
    expect(n.signatures[0]!.keyId).toMatch(/^[0-9a-f]{8}$/);
    expect(n.signatures[0]!.signature).toHaveLength(64);
    const cp = parseCheckpointText(n.text);
    expect(cp).toMatchObject({ origin: 'example.com/behind-the-sofa', treeSize: 20852163, extensions: [] });
    expect(b64(cp.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(formatCheckpointText(cp)).toBe(n.text);
    expect(verifyNote(n, []).signatures[0]!.status).toBe('unknown-key');
  });
});

describe('keys', () => {
  const alice = signerFromSeed('audit.example/log', sha('alice'));

  it('derives signer keys deterministically and round-trips both key strings', () => {
    const again = signerFromSeed('audit.example/log', sha('alice'));
    expect(again).toEqual(alice);
    expect(alice.publicKey).toEqual(ed25519.getPublicKey(sha('alice')));
    expect(alice.keyId).toBe(keyIdHex(alice.name, alice.publicKey));
    expect(alice.skey.startsWith(`PRIVATE+KEY+audit.example/log+${alice.keyId}+`)).toBe(true);
    expect(unb64(alice.skey.split('+').slice(4).join('+'))).toEqual(new Uint8Array([0x01, ...sha('alice')]));
    expect(alice.vkey).toBe(verifierKeyString(alice.name, alice.publicKey));
    expect(parseSignerKey(alice.skey)).toEqual(alice);
    const v = parseVerifierKey(alice.vkey);
    expect(v).toEqual({ name: alice.name, keyId: alice.keyId, publicKey: alice.publicKey, vkey: alice.vkey });
  });

  it('computes the key id as SHA-256(name || 0x0A || 0x01 || public key)[:4]', () => {
    const want = Buffer.from(sha(alice.name, new Uint8Array([0x0a, 0x01]), alice.publicKey).subarray(0, 4)).toString('hex');
    expect(keyIdHex(alice.name, alice.publicKey)).toBe(want);
  });

  it('accepts an upper-case key id (as golang does) and normalises it', () => {
    const upper = alice.vkey.replace(`+${alice.keyId}+`, `+${alice.keyId.toUpperCase()}+`);
    expect(parseVerifierKey(upper).vkey).toBe(alice.vkey);
  });

  it('refuses malformed verifier keys with a reason', () => {
    const data = alice.vkey.split('+').slice(2).join('+'); // base64 may contain '+'
    expectNoteError(() => parseVerifierKey('nokey'), 'malformed-key', /form <name>\+<key id>\+<public key>/);
    expectNoteError(() => parseVerifierKey('name+01020304'), 'malformed-key', /form/);
    expectNoteError(() => parseVerifierKey(`+${alice.keyId}+${data}`), 'malformed-key', /key name is empty/);
    expectNoteError(() => parseVerifierKey(`a b+${alice.keyId}+${data}`), 'malformed-key', /contains a space/);
    expectNoteError(() => parseVerifierKey(`a\u00a0b+${alice.keyId}+${data}`), 'malformed-key', /contains a space/);
    expectNoteError(() => parseVerifierKey(`${alice.name}+1234567+${data}`), 'malformed-key', /"1234567" is not 8 hexadecimal digits/);
    expectNoteError(() => parseVerifierKey(`${alice.name}+1234567g+${data}`), 'malformed-key', /not 8 hexadecimal digits/);
    expectNoteError(() => parseVerifierKey(`${alice.name}+${alice.keyId}+not*base64`), 'malformed-key', /not valid base64/);
    expectNoteError(() => parseVerifierKey(`${alice.name}+${alice.keyId}+${data.slice(0, -1)}`), 'malformed-key', /not valid base64/);
    expectNoteError(() => parseVerifierKey(`${alice.name}+${alice.keyId}+`), 'malformed-key', /not valid base64/);
    const type2 = b64(new Uint8Array([0x02, ...alice.publicKey]));
    expectNoteError(() => parseVerifierKey(`${alice.name}+${alice.keyId}+${type2}`), 'unsupported-key-type', /key type 0x02; only Ed25519/);
    const short = b64(new Uint8Array([0x01, ...alice.publicKey.subarray(0, 31)]));
    expectNoteError(() => parseVerifierKey(`${alice.name}+${alice.keyId}+${short}`), 'malformed-key', /32 bytes, this one is 31/);
  });

  it('refuses a verifier key whose id does not match its name and key', () => {
    expectNoteError(
      () => parseVerifierKey(alice.vkey.replace(`+${alice.keyId}+`, '+00000000+')),
      'key-id-mismatch',
      new RegExp(`names key ID 00000000, but its name and public key give ${alice.keyId}`),
    );
    // same key under another name: the id covers the name too
    expectNoteError(() => parseVerifierKey(alice.vkey.replace(alice.name, 'audit.example/other')), 'key-id-mismatch', /altered or mistyped/);
  });

  it('refuses a public key that is not an Ed25519 point', () => {
    // y = 2^255 - 1 (all ones, sign bit cleared) is not canonical: y >= p
    const bad = new Uint8Array(32).fill(0xff);
    bad[31] = 0x7f;
    expectNoteError(
      () => parseVerifierKey(`x+${keyIdHex('x', bad)}+${b64(new Uint8Array([1, ...bad]))}`),
      'malformed-key',
      /not hold a valid Ed25519 public key/,
    );
  });

  it('refuses malformed signer keys without quoting the secret', () => {
    const secret = alice.skey.split('+').slice(4).join('+');
    const cases: [string, NoteErrorCode, RegExp][] = [
      [alice.skey.replace('PRIVATE+KEY+', ''), 'malformed-key', /starts with PRIVATE\+KEY\+/],
      [alice.skey.replace(`+${alice.keyId}+`, '+00000000+'), 'key-id-mismatch', /names key ID 00000000/],
      [alice.skey.slice(0, -2), 'malformed-key', /not valid base64/],
      [`PRIVATE+KEY+${alice.name}+${alice.keyId}+${b64(new Uint8Array([1, 2, 3]))}`, 'malformed-key', /32 bytes/],
    ];
    for (const [s, code, re] of cases) {
      const e = expectNoteError(() => parseSignerKey(s), code, re);
      expect(e.message).not.toContain(secret);
    }
    expectNoteError(() => signerFromSeed('ok', new Uint8Array(31)), 'malformed-key', /32 bytes, this one is 31/);
    expectNoteError(() => signerFromSeed('bad+name', new Uint8Array(32)), 'malformed-key', /contains a '\+'/);
  });
});

describe('signing and verifying notes', () => {
  const alice = signerFromSeed('audit.example/log', sha('alice'));
  const bob = signerFromSeed('witness.example/w1', sha('bob'));
  const mallory = signerFromSeed('audit.example/log', sha('mallory')); // same name as alice, another key
  const A = parseVerifierKey(alice.vkey);
  const B = parseVerifierKey(bob.vkey);
  const M = parseVerifierKey(mallory.vkey);

  it('round-trips sign → parse → verify', () => {
    const text = 'audit.example/log\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n';
    const note = signNote(text, [alice, bob]);
    const lines = note.split('\n');
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(/^— audit\.example\/log [A-Za-z0-9+/]{91}=$/);
    expect(lines[5]).toMatch(/^— witness\.example\/w1 /);
    const p = parseSignedNote(note);
    expect(p.text).toBe(text);
    expect(p.signatures.map((s) => [s.name, s.keyId, s.line, s.signature.length])).toEqual([
      [alice.name, alice.keyId, 5, 64],
      [bob.name, bob.keyId, 6, 64],
    ]);
    expect(verifyNote(note, [A, B])).toEqual({
      text,
      signatures: [
        { name: alice.name, keyId: alice.keyId, status: 'verified', line: 5, vkey: alice.vkey },
        { name: bob.name, keyId: bob.keyId, status: 'verified', line: 6, vkey: bob.vkey },
      ],
    });
    // a ParsedNote is accepted as well as the note string
    expect(verifyNote(p, [A, B])).toEqual(verifyNote(note, [A, B]));
    // signing is deterministic
    expect(signNote(text, [alice, bob])).toBe(note);
  });

  it('gives verified / valid-unpinned / unknown-key for pinned / claimed-only / no key', () => {
    const note = signNote('hello\n', [alice]);
    expect(verifyNote(note, [A]).signatures[0]).toMatchObject({ status: 'verified', vkey: alice.vkey });
    expect(verifyNote(note, [], [A]).signatures[0]).toMatchObject({ status: 'valid-unpinned', vkey: alice.vkey });
    expect(verifyNote(note, [A], [A]).signatures[0]!.status).toBe('verified');
    const none = verifyNote(note, []).signatures[0]!;
    expect(none.status).toBe('unknown-key');
    expect(none.vkey).toBeUndefined();
    expect(verifyNote(note, [B], [B]).signatures[0]!.status).toBe('unknown-key');
  });

  it('marks a changed text or a changed signature invalid', () => {
    const note = signNote('tree 7\n', [alice]);
    expect(verifyNote(note.replace('tree 7', 'tree 8'), [A]).signatures[0]!.status).toBe('invalid');
    expect(verifyNote(note.replace('tree 7', 'tree 8'), [], [A]).signatures[0]!.status).toBe('invalid');
    const sigB64 = note.split('\n')[2]!.split(' ')[2]!;
    const raw = unb64(sigB64);
    raw[20] = raw[20]! ^ 1;
    expect(verifyNote(note.replace(sigB64, b64(raw)), [A]).signatures[0]!.status).toBe('invalid');
    // a signature of the wrong length under a known key is invalid, not a crash
    expect(verifyNote(note.replace(sigB64, b64(raw.subarray(0, 67))), [A]).signatures[0]!.status).toBe('invalid');
  });

  it('treats a signature with a wrong key id as from an unknown key (ignored, not verified)', () => {
    const note = signNote('hello\n', [alice]);
    const sigB64 = note.split('\n')[2]!.split(' ')[2]!;
    const raw = unb64(sigB64);
    raw[0] = raw[0]! ^ 0xff;
    const r = verifyNote(note.replace(sigB64, b64(raw)), [A]).signatures[0]!;
    expect(r.status).toBe('unknown-key');
    expect(r.keyId).not.toBe(alice.keyId);
    // same name, another key: another key id, so the pinned key is not consulted
    expect(verifyNote(signNote('hello\n', [mallory]), [A]).signatures[0]!.status).toBe('unknown-key');
    expect(verifyNote(signNote('hello\n', [mallory]), [A, M]).signatures[0]!.status).toBe('verified');
  });

  it('lets a pinned key decide over a claimed key with the same name and id', () => {
    // Key ids are short, so a vendor can grind a key whose id collides with a pinned one. Simulate it:
    // a claimed key carrying alice's name and id but mallory's public key, and a line signed by mallory.
    const text = 'hello\n';
    const sig = ed25519.sign(new TextEncoder().encode(text), mallory.seed);
    const note = `${text}\n— ${alice.name} ${b64(new Uint8Array([...Buffer.from(alice.keyId, 'hex'), ...sig]))}\n`;
    const colliding: VerifierKey = { name: alice.name, keyId: alice.keyId, publicKey: mallory.publicKey, vkey: 'colliding' };
    expect(verifyNote(note, [], [colliding]).signatures[0]!.status).toBe('valid-unpinned');
    expect(verifyNote(note, [A], [colliding]).signatures[0]).toMatchObject({ status: 'invalid', vkey: alice.vkey });
  });

  it('verifies every signature line, reporting each with its line number', () => {
    const text = 'one\n\ntwo, after an empty line\n';
    const note = signNote(text, [alice, bob, alice]);
    const r = verifyNote(note, [A], [B]);
    expect(r.text).toBe(text);
    expect(r.signatures.map((s) => [s.status, s.line])).toEqual([
      ['verified', 5],
      ['valid-unpinned', 6],
      ['verified', 7],
    ]);
  });

  it('signs and verifies non-ASCII text as UTF-8', () => {
    const text = 'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n';
    const note = signNote(text, [alice]);
    expect(verifyNote(note, [A]).signatures[0]!).toMatchObject({ status: 'verified', line: 6 });
    expect(verifyNote(note.replace('è', 'e'), [A]).signatures[0]!.status).toBe('invalid');
  });

  it('accepts the 16 signatures C2SP requires, and refuses more than 100', () => {
    const signers = Array.from({ length: 16 }, (_, i) => signerFromSeed(`witness.example/${i}`, sha(`w${i}`)));
    const note = signNote('cosigned\n', signers);
    const r = verifyNote(
      note,
      signers.map((s) => parseVerifierKey(s.vkey)),
    );
    expect(r.signatures).toHaveLength(16);
    expect(r.signatures.every((s) => s.status === 'verified')).toBe(true);
    const line = note.split('\n')[2]!;
    expectNoteError(() => parseSignedNote(`cosigned\n\n${`${line}\n`.repeat(101)}`), 'too-many-signatures', /101 signature lines; at most 100/);
  });

  it('refuses malformed notes with a reason and a line number', () => {
    const good = signNote('hello\n', [alice]);
    const sigLine = good.split('\n')[2]!;
    const cases: [string, RegExp, number | undefined][] = [
      ['', /empty/, undefined],
      [`hello\n${sigLine}\n`, /no blank line separating its text from its signature lines/, undefined],
      [`hello\n\n— ${alice.name} !!!!${sigLine.slice(-20)}\n`, /line 3: the signature by "audit.example\/log" is not valid base64/, 3],
      [`hello\n\n— ${alice.name} AAAA\n`, /line 3: the signature by "audit.example\/log" is 3 bytes, too short/, 3],
      [`hello\n\n— ${alice.name} AAAAAA==\n`, /4 bytes, too short to hold a 4-byte key ID and a signature/, 3],
      [`hello\n\n— ${alice.name} \n`, /line 3: the signature by "audit.example\/log" is empty/, 3],
      [`hello\n\n— ${alice.name}\n`, /line 3: the signature line has no space/, 3],
      [`hello\n\n${sigLine.replace('—', '-')}\n`, /line 3 is not a signature line .*starts with U\+002D, not the em dash U\+2014/, 3],
      [`hello\n\n${sigLine}\nnot a signature\n`, /line 4 is not a signature line/, 4],
      [good.slice(0, -1), /does not end with a newline: line 3 is cut off/, 3],
      [`hello\n\n`, /no signature lines after the blank line at line 2/, 2],
      [good.replace('hello', 'hel\u0000lo'), /line 1 of the signed note contains the control character U\+0000/, 1],
      [good.replace('hello\n', 'hello\r\n'), /line 1 .*carriage return/, 1],
      [good.replace('hello', 'hel\ud800lo'), /not valid UTF-8/, 1],
      [good.replace(`— ${alice.name}`, '— a+b'), /line 3: the key name "a\+b" contains a '\+'/, 3],
    ];
    for (const [note, re, line] of cases) {
      const e = expectNoteError(() => parseSignedNote(note), 'malformed-note', re);
      expect(e.line).toBe(line);
      // verifyNote parses first, so it refuses the same notes
      expect(() => verifyNote(note, [A])).toThrow(NoteError);
    }
  });

  it('refuses to sign a text without a trailing newline, with control characters, or without signers', () => {
    expectNoteError(() => signNote('no newline', [alice]), 'malformed-note', /must end with a newline/);
    expectNoteError(() => signNote('', [alice]), 'malformed-note', /must end with a newline/);
    expectNoteError(() => signNote('a\nb\tc\n', [alice]), 'malformed-note', /line 2 of the note text contains the control character U\+0009/);
    expectNoteError(() => signNote('hello\n', []), 'malformed-note', /at least one signature/);
    expectNoteError(() => signNote('hello\n', [{ ...alice, keyId: '00000000' }]), 'key-id-mismatch', /claims key ID 00000000/);
  });
});

describe('checkpoint text', () => {
  const root = sha('root');
  const rootB64 = b64(root);

  it('parses sizes from 0 to 2^53 − 1 and extension lines', () => {
    expect(parseCheckpointText(`o\n0\n${rootB64}\n`).treeSize).toBe(0);
    expect(parseCheckpointText(`o\n9007199254740991\n${rootB64}\n`).treeSize).toBe(Number.MAX_SAFE_INTEGER);
    const cp = parseCheckpointText(`example.com/log42\n7\n${rootB64}\next one\next two\n`);
    expect(cp).toEqual({ origin: 'example.com/log42', treeSize: 7, rootHash: root, extensions: ['ext one', 'ext two'] });
    expect(formatCheckpointText(cp)).toBe(`example.com/log42\n7\n${rootB64}\next one\next two\n`);
  });

  it('refuses malformed checkpoint text, naming the line', () => {
    expectCheckpointError(() => parseCheckpointText(`o\n7\n${rootB64}`), /does not end with a newline/);
    expectCheckpointError(() => parseCheckpointText('o\n7\n'), /at least 3 lines .* this one has 2/);
    expectCheckpointError(() => parseCheckpointText(`\n7\n${rootB64}\n`), /line 1 .*origin is empty/, 1);
    expectCheckpointError(() => parseCheckpointText(`o\n007\n${rootB64}\n`), /line 2 .*"007" is not a decimal number without leading zeros/, 2);
    expectCheckpointError(() => parseCheckpointText(`o\n-1\n${rootB64}\n`), /not a decimal number/, 2);
    expectCheckpointError(() => parseCheckpointText(`o\n1e3\n${rootB64}\n`), /not a decimal number/, 2);
    expectCheckpointError(() => parseCheckpointText(`o\n 7\n${rootB64}\n`), /not a decimal number/, 2);
    expectCheckpointError(() => parseCheckpointText(`o\n9007199254740992\n${rootB64}\n`), /larger than 2\^53 − 1/, 2);
    expectCheckpointError(() => parseCheckpointText(`o\n123456789012345678901234567890\n${rootB64}\n`), /larger than/, 2);
    expectCheckpointError(() => parseCheckpointText(`o\n7\n${b64(root.subarray(0, 31))}\n`), /line 3 .*31 bytes; a SHA-256 tree hash is 32/, 3);
    expectCheckpointError(() => parseCheckpointText(`o\n7\n${rootB64.slice(0, -1)}\n`), /not valid base64/, 3);
    // non-canonical: the last character carries unused bits that are not zero
    const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const lastChar = ALPHA[(ALPHA.indexOf(rootB64.at(-2)!) & ~3) | 1]!;
    const nonCanonical = `${rootB64.slice(0, -2)}${lastChar}=`;
    expect(unb64(nonCanonical)).toEqual(root); // lenient decoders accept it
    expectCheckpointError(() => parseCheckpointText(`o\n7\n${nonCanonical}\n`), /not valid base64/, 3);
    expectCheckpointError(() => parseCheckpointText(`o\n7\n${rootB64}\n\nx\n`), /line 4 .*extension lines must not be empty/, 4);
    expectCheckpointError(() => parseCheckpointText(`o\r\n7\n${rootB64}\n`), /line 1 .*carriage return/, 1);
  });

  it('refuses to format a checkpoint that would not parse back', () => {
    const ok = { origin: 'o', treeSize: 1, rootHash: root, extensions: [] as string[] };
    expectCheckpointError(() => formatCheckpointText({ ...ok, origin: '' }), /origin is empty/);
    expectCheckpointError(() => formatCheckpointText({ ...ok, origin: 'a\nb' }), /origin contains a newline/);
    expectCheckpointError(() => formatCheckpointText({ ...ok, treeSize: -1 }), /tree size -1/);
    expectCheckpointError(() => formatCheckpointText({ ...ok, treeSize: 1.5 }), /tree size 1.5/);
    expectCheckpointError(() => formatCheckpointText({ ...ok, treeSize: 2 ** 53 }), /not a whole number between 0 and 2\^53 − 1/);
    expectCheckpointError(() => formatCheckpointText({ ...ok, rootHash: root.subarray(1) }), /31 bytes/);
    expectCheckpointError(() => formatCheckpointText({ ...ok, extensions: [''] }), /extension line is empty/);
  });
});

describe('checkpoint files', () => {
  const vendor = signerFromSeed('vendor.example/audit', sha('vendor'));
  const witness = signerFromSeed('witness.example/w1', sha('witness'));
  const V = parseVerifierKey(vendor.vkey);
  const W = parseVerifierKey(witness.vkey);
  const cpText = (n: number): string =>
    formatCheckpointText({ origin: 'vendor.example/audit/t-7f3a/phi-access', treeSize: n, rootHash: sha(`root ${n}`), extensions: [] });
  const notes = [signNote(cpText(10), [vendor]), signNote(cpText(20), [vendor, witness]), signNote(cpText(30), [witness])];

  it('splits three signed checkpoints (1–2 signatures each) with their start lines', () => {
    const blocks = splitCheckpointFile(notes.join('\n'));
    // 3 text lines + blank + 1 signature = lines 1–5, separator 6; then 7–12 (2 signatures), separator 13; then 14–18
    expect(blocks.map((b) => b.startLine)).toEqual([1, 7, 14]);
    expect(blocks.map((b) => b.note)).toEqual(notes);
    const checked = blocks.map((b) => {
      const n = parseSignedNote(b.note);
      return [parseCheckpointText(n.text).treeSize, verifyNote(n, [V, W]).signatures.map((s) => s.status)];
    });
    expect(checked).toEqual([
      [10, ['verified']],
      [20, ['verified', 'verified']],
      [30, ['verified']],
    ]);
  });

  it('accepts a single checkpoint and extra blank lines between or after checkpoints', () => {
    expect(splitCheckpointFile(notes[0]!)).toEqual([{ note: notes[0], startLine: 1 }]);
    const blocks = splitCheckpointFile(`\n${notes[0]}\n\n${notes[1]}\n`);
    expect(blocks).toEqual([
      { note: notes[0], startLine: 2 },
      { note: notes[1], startLine: 9 },
    ]);
  });

  it('rejects garbage, naming the line', () => {
    const [n1, n2] = notes as [string, string, string];
    const cases: [string, RegExp, number][] = [
      ['', /holds no checkpoint/, 1],
      ['\n\n', /holds no checkpoint/, 1],
      ['garbage\n', /file ends before the checkpoint that starts at line 1 has any signature line/, 1],
      [n1.slice(0, -1), /line 5: the file does not end with a newline/, 5],
      [`${cpText(10)}\n${cpText(20)}`, /line 5: expected a signature line .* checkpoint that starts at line 1/, 5],
      [`${n1}\n— vendor.example/audit AAAA\n`, /line 7: a signature line with no checkpoint text before it/, 7],
      [`${cpText(10)}${n1.split('\n')[4]}\n`, /line 4: a signature line directly after the checkpoint text that starts at line 1/, 4],
      [`${cpText(10)}\n\n${n1.split('\n')[4]}\n`, /line 5: a second blank line/, 5],
      [`${n1}not a signature\n`, /line 6: expected another signature line, or a blank line/, 6],
      [`${n1}\n${n2.replace('\n', '\r\n')}`, /line 7: .*carriage return/, 7],
      [`${n1}\n${n2.replace('vendor', 'ven\u0007dor')}`, /line 7: the line contains the control character U\+0007/, 7],
      [`\ufeff${n1}`, /line 1: the file starts with a byte order mark/, 1],
      [`${n1}\n${cpText(40)}`, /line 9: the file ends before the checkpoint that starts at line 7 has any signature line/, 9],
      [`${n1}\n${cpText(40)}\n`, /line 10: the file ends before the checkpoint that starts at line 7/, 10],
    ];
    for (const [content, re, line] of cases) {
      const e = expectCheckpointError(() => splitCheckpointFile(content), re, line);
      expect(e.code).toBe('malformed-checkpoint-file');
    }
  });
});
