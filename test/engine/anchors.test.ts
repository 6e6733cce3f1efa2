// Issue #11 item 6: the workspace must not be its own trust anchor. These tests play the attacker who
// can write the workspace file (and nothing else): they forge an event, re-chain and re-sign everything
// with a fresh key, swap the pinned keys and rewrite the activity log inside the SQLite file, or cut the
// last activity entry, or edit the auditor's profile record; the CLI (run in this process) must notice.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../../electron/cli/main';
import { EngineService } from '../../electron/engine/api-service';
import { generateBundle, verifyWorkspace, Workspace } from '../../electron/engine/index';
import { verifyActivityLog } from '../../electron/engine/activity';
import { nodeHashing } from '../../electron/engine/hashing';
import { canonicalizeWithout } from '../../shared/jcs';
import { MerkleAccumulator } from '../../shared/merkle';
import { formatCheckpointText } from '../../shared/checkpoint';
import { manifestSignatureText } from '../../shared/signatures';
import { signNote, signerFromSeed, type SignerKey } from '../../shared/note';
import type { Manifest } from '../../shared/types';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tickmark-anchors-'));
const SILENT = ['--silent-hours', '168'];
let bundle = '';
let genuineKey = '';

async function tickmark(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => void out.push(s), err: (s) => void err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A workspace as the auditor makes it: the vendor's bundle imported with the key obtained separately, verified. */
async function genuineWorkspace(name: string): Promise<string> {
  const file = path.join(tmp, `${name}.tickmark`);
  expect((await tickmark('import', bundle, '--workspace', file, '--pin', genuineKey, '--verify', ...SILENT)).code).toBe(0);
  return file;
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/**
 * The attacker, with the SQLite file only: an actor of one ePHI read becomes someone else; every stream is
 * re-chained, its Merkle root recomputed and its checkpoint re-signed with the attacker's own key; the
 * manifest names that key and is re-signed; pinned_keys holds it instead of the vendor's; and the
 * activity log's pin-key entry is rewritten to it and the whole log re-chained. Returns the attacker key.
 */
function forgeAndResign(file: string): SignerKey {
  const attacker = signerFromSeed('audit.northwind.example/log', randomBytes(32)); // same name, other key
  const db = new Database(file);
  db.transaction(() => {
    const files = db.prepare('SELECT path, content FROM bundle_files WHERE bundle_id = 1').all() as { path: string; content: Buffer | null }[];
    const content = (p: string): Buffer => files.find((f) => f.path === p)!.content!;
    const setFile = (p: string, bytes: Buffer): void =>
      void db
        .prepare('UPDATE bundle_files SET content = ?, size = ?, sha256 = ? WHERE bundle_id = 1 AND path = ?')
        .run(bytes, bytes.length, sha256(bytes), p);
    const manifest = JSON.parse(content('manifest.json').toString('utf8')) as Manifest;
    for (const s of manifest.streams) {
      const streamId = db.prepare('SELECT id FROM streams WHERE bundle_id = 1 AND stream_key = ?').pluck().get(s.id) as number;
      const rows = db.prepare('SELECT id, raw FROM events WHERE stream_id = ? ORDER BY file_no, line').all(streamId) as { id: number; raw: string }[];
      const acc = new MerkleAccumulator(nodeHashing.merkle);
      let prev = s.chain.prev_hash;
      rows.forEach((r, i) => {
        const e = JSON.parse(r.raw) as Record<string, unknown> & { actor: { id: string } };
        if (s.id === 'phi-access' && i === Math.floor(rows.length / 2))
          e.actor = { id: 'u-9999', type: 'user', name: 'mallory.doe', role: 'admin' } as never;
        e.prev_hash = prev;
        const h = nodeHashing.recordHashes(canonicalizeWithout(e, 'hash'));
        e.hash = h.hash;
        prev = h.hash;
        acc.append(h.leaf);
        db.prepare('UPDATE events SET raw = ?, actor_id = ? WHERE id = ?').run(JSON.stringify(e), e.actor.id, r.id);
      });
      s.chain.head = prev;
      s.merkle.root = Buffer.from(acc.root()).toString('hex');
      const note = signNote(formatCheckpointText({ origin: s.origin, treeSize: acc.size, rootHash: acc.root(), extensions: [] }), [attacker]);
      setFile(s.checkpoints[0]!, Buffer.from(note));
      // a stream file is kept as its lines (events.raw); its row keeps the size and SHA-256 only
      const lines = Buffer.from(
        `${(db.prepare('SELECT raw FROM events WHERE stream_id = ? ORDER BY file_no, line').pluck().all(streamId) as string[]).join('\n')}\n`,
      );
      db.prepare('UPDATE bundle_files SET size = ?, sha256 = ? WHERE bundle_id = 1 AND path = ?').run(lines.length, sha256(lines), s.files[0]!);
    }
    manifest.signing_keys = [attacker.vkey];
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    setFile('manifest.json', manifestBytes);
    setFile('manifest.json.sig', Buffer.from(signNote(manifestSignatureText(sha256(manifestBytes)), [attacker])));
    db.prepare('UPDATE bundles SET manifest_sha256 = ?').run(sha256(manifestBytes));
    // the trust anchor inside the file
    db.prepare('UPDATE pinned_keys SET vkey = ?, key_id = ?').run(attacker.vkey, attacker.keyId);
    // the activity log: the pin-key entry now names the attacker's key, and every hash is recomputed
    let prev = '0'.repeat(64);
    for (const r of db.prepare('SELECT * FROM activity_log ORDER BY seq').all() as Record<string, unknown>[]) {
      const details = JSON.parse(r.details as string) as Record<string, unknown>;
      if (r.action === 'pin-key') Object.assign(details, { vkey: attacker.vkey, key_id: attacker.keyId });
      const e = { seq: r.seq, ts: r.ts, actor: r.actor, action: r.action, subject: r.subject, details, prev_hash: prev };
      const hash = createHash('sha256').update(canonicalizeWithout(e, 'hash')).digest('hex');
      db.prepare('UPDATE activity_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(JSON.stringify(details), prev, hash, r.seq);
      prev = hash;
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return attacker;
}

beforeAll(async () => {
  const g = await generateBundle({ out: path.join(tmp, 'bundle'), events: 900, seed: 'anchors' });
  bundle = g.dir;
  genuineKey = g.vendorKey;
});

describe('a workspace rewritten with its own trust anchors (forged, re-chained, re-signed, pins and log swapped)', () => {
  it('is not verified with the genuine --pin, and verify-workspace reports the alteration', async () => {
    const file = await genuineWorkspace('forged');
    const attacker = forgeAndResign(file);

    // The forgery is complete: under the attacker's key the file is consistent and its own log intact,
    // which is all the workspace could say about itself before.
    const ws = Workspace.open(file);
    try {
      expect(verifyActivityLog(ws).ok).toBe(true);
      const [under] = await verifyWorkspace(ws, { pins: [attacker.vkey], silentIntervalMs: 168 * 3600_000 });
      expect(under!.report.verdict).toBe('verified');
    } finally {
      ws.close();
    }

    // --pin with the genuine key: the only anchor of the run, not merged with the attacker's pin
    const pinned = await tickmark('verify', file, '--pin', genuineKey, '--json', ...SILENT);
    expect(pinned.code).toBe(1);
    const report = JSON.parse(pinned.out) as { verdict: string; pinnedKeys: string[] };
    expect(report.verdict).not.toBe('verified');
    expect(report.pinnedKeys).toEqual([genuineKey]);
    expect(pinned.err).toMatch(/WORKSPACE ALTERED/);

    // without --pin: the keys this machine recorded, not the file's
    const plain = await tickmark('verify', file, ...SILENT);
    expect(plain.code).toBe(1);
    expect(plain.out).not.toMatch(/Result {3}VERIFIED/);
    expect(plain.err).toMatch(/pinned keys differ from those this machine recorded/);

    const vw = await tickmark('verify-workspace', file);
    expect(vw.code).toBe(1);
    expect(vw.out).toMatch(/Activity log intact/); // re-chained: its own chain cannot tell
    expect(vw.out).toMatch(/Trust anchors: ALTERED/);
    expect(vw.out).toContain(`${attacker.vkey} was added`);
    expect(vw.out).toContain(`${genuineKey} was removed`);
    expect(vw.out).toMatch(/Activity entry \d+ has hash [0-9a-f]{64}, but this machine recorded [0-9a-f]{64} on .*: the log was rewritten/);
    const json = JSON.parse((await tickmark('verify-workspace', file, '--json')).out) as { ok: boolean; anchors: { state: string } };
    expect(json).toMatchObject({ ok: true, anchors: { state: 'altered' } });
  });

  it("--pin replaces the workspace pins for the run: a key other than the vendor's verifies nothing", async () => {
    const file = await genuineWorkspace('pin-only');
    const other = signerFromSeed('audit.northwind.example/log', randomBytes(32));
    const r = await tickmark('verify', file, '--pin', other.vkey, '--json', ...SILENT);
    expect(r.code).toBe(3); // consistent, but the key given does not vouch for it
    expect(JSON.parse(r.out).pinnedKeys).toEqual([other.vkey]);
    expect((await tickmark('verify', file, ...SILENT)).code).toBe(0); // the recorded pin still works
  });
});

describe("the activity log against this machine's record", () => {
  it("notices the last entry cut, which the log's own chain cannot", async () => {
    const file = await genuineWorkspace('cut');
    expect((await tickmark('pin', signerFromSeed('colleague', randomBytes(32)).vkey, '--workspace', file)).code).toBe(0);
    expect((await tickmark('verify-workspace', file)).code).toBe(0);
    const db = new Database(file);
    const last = db.prepare('SELECT MAX(seq) FROM activity_log').pluck().get() as number;
    db.prepare('DELETE FROM activity_log WHERE seq = ?').run(last);
    db.close();
    const ws = Workspace.open(file);
    expect(verifyActivityLog(ws).ok).toBe(true);
    ws.close();
    const r = await tickmark('verify-workspace', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Activity log intact/);
    expect(r.out).toContain(`no entry ${last}, which this machine recorded`);
    expect(r.out).toMatch(/the log was cut/);
    // the desktop app's engine says the same to the UI
    const service = new EngineService({ sampleBundle: bundle, sampleKeyFile: '', dataDir: path.join(tmp, 'app-data') });
    try {
      const summary = await service.call('openWorkspace', { path: file });
      expect(summary.anchors).toMatchObject({ state: 'altered', messages: [expect.stringMatching(/the log was cut/)] });
    } finally {
      service.close();
    }
  });

  it('follows every append: pins and activity recorded at once, and a replaced file is noticed', async () => {
    const file = await genuineWorkspace('follows');
    const note = (): string => readFileSync(path.join(process.env.TICKMARK_DATA_DIR!, 'anchors.note'), 'utf8');
    const extra = signerFromSeed('second-vendor-key', randomBytes(32)).vkey;
    expect((await tickmark('pin', extra, '--workspace', file)).code).toBe(0);
    const db = new Database(file, { readonly: true });
    const head = db.prepare('SELECT seq, hash FROM activity_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string };
    db.close();
    expect(note()).toContain(extra);
    expect(note()).toContain(head.hash);
    expect((await tickmark('verify-workspace', file)).code).toBe(0);

    // another workspace put in its place (its own id) is not this machine's workspace
    const other = await genuineWorkspace('follows-other');
    copyFileSync(other, file);
    const r = await tickmark('verify-workspace', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/recorded a different workspace \(id [0-9a-f]{32}\) at .* it was replaced/);
  });

  it('reports a workspace first opened on this machine honestly, then holds it to that record', async () => {
    const file = await genuineWorkspace('received');
    const own = process.env.TICKMARK_DATA_DIR!;
    process.env.TICKMARK_DATA_DIR = mkdtempSync(path.join(tmp, 'colleague-profile-'));
    try {
      const first = await tickmark('verify-workspace', file);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(/Trust anchors: FIRST SEEN — No local record: first opened here on \d{4}-\d\d-\d\dT/);
      expect((await tickmark('verify-workspace', file)).out).toMatch(/Trust anchors: INTACT/);
      const db = new Database(file);
      db.prepare('DELETE FROM pinned_keys').run();
      db.close();
      expect((await tickmark('verify-workspace', file)).code).toBe(1);
    } finally {
      process.env.TICKMARK_DATA_DIR = own;
    }
  });
});

describe('the profile record itself', () => {
  it("is signed with the auditor's own key (mode 0600); an edited record, signature or a lost key is refused", async () => {
    const dir = mkdtempSync(path.join(tmp, 'profile-'));
    const own = process.env.TICKMARK_DATA_DIR!;
    process.env.TICKMARK_DATA_DIR = dir;
    try {
      const file = await genuineWorkspace('profile');
      const keyFile = path.join(dir, 'auditor.key');
      const ledger = path.join(dir, 'anchors.note');
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(keyFile, 'utf8')).toMatch(/^PRIVATE\+KEY\+tickmark-auditor\+[0-9a-f]{8}\+/);
      const good = readFileSync(ledger, 'utf8');
      expect((await tickmark('verify-workspace', file)).code).toBe(0);

      // the signature line altered (one base64 character changed)
      const sigAt = good.lastIndexOf('\n— tickmark-auditor ') + 25;
      writeFileSync(ledger, good.slice(0, sigAt) + (good[sigAt] === 'A' ? 'B' : 'A') + good.slice(sigAt + 1));
      let r = await tickmark('verify-workspace', file);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/Trust anchors: ALTERED — .*anchors\.note does not carry a valid signature by this auditor's key/);

      // the record's text altered to match a forged workspace, the signature left as it was
      writeFileSync(ledger, good.replace(genuineKey, 'attacker+00000000+AQ'));
      r = await tickmark('verify-workspace', file);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/does not carry a valid signature/);

      // nothing is re-signed over an altered record: work on the workspace leaves the profile as found
      const altered = readFileSync(ledger, 'utf8');
      expect((await tickmark('pin', signerFromSeed('later', randomBytes(32)).vkey, '--workspace', file)).err).toMatch(/WORKSPACE ALTERED/);
      expect(readFileSync(ledger, 'utf8')).toBe(altered);

      // the genuine record is accepted again; without the key that signed it, it cannot be checked
      writeFileSync(ledger, good);
      unlinkSync(keyFile);
      r = await tickmark('verify-workspace', file);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/the auditor key that signed it .* is gone/);
    } finally {
      process.env.TICKMARK_DATA_DIR = own;
    }
  });
});
