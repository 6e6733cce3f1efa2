// The engagement's trust anchors: vendor verifier keys the auditor obtained separately and pinned.
import { parseVerifierKey } from '../../../shared/note';
import type { Workspace } from './workspace';
import { defaultActor, logActivity } from '../activity';

export interface PinnedKey {
  vkey: string;
  name: string;
  keyId: string;
  label: string;
  addedAt: string;
}

/** Pin a key (idempotent). Throws with the parser's reason when the string is not a verifier key. */
export function pinKey(ws: Workspace, vkey: string, label = '', actor = defaultActor()): PinnedKey {
  const k = parseVerifierKey(vkey.trim());
  const eng = ws.engagement();
  const addedAt = new Date().toISOString();
  ws.db.transaction(() => {
    const r = ws.db
      .prepare(
        'INSERT INTO pinned_keys (engagement_id, vkey, key_name, key_id, label, added_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (engagement_id, vkey) DO NOTHING',
      )
      .run(eng.id, k.vkey, k.name, k.keyId, label, addedAt);
    if (r.changes > 0) logActivity(ws, actor, 'pin-key', k.name, { vkey: k.vkey, key_id: k.keyId, label });
  })();
  return { vkey: k.vkey, name: k.name, keyId: k.keyId, label, addedAt };
}

export function pinnedKeys(ws: Workspace): PinnedKey[] {
  const eng = ws.engagement();
  return (
    ws.db.prepare('SELECT vkey, key_name, key_id, label, added_at FROM pinned_keys WHERE engagement_id = ? ORDER BY id').all(eng.id) as Record<
      string,
      string
    >[]
  ).map((r) => ({
    vkey: r.vkey!,
    name: r.key_name!,
    keyId: r.key_id!,
    label: r.label!,
    addedAt: r.added_at!,
  }));
}
