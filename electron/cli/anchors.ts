// What the CLI says about a workspace's trust anchors (engine/store/anchor-ledger.ts): how the file
// compares with this machine's record of its pinned keys and activity log. Notices go to stderr, so
// --json output stays one document; an altered workspace makes verify and verify-workspace exit 1.
import type { Workspace } from '../engine/store/workspace';
import type { AnchorCheck } from '../engine/store/anchor-ledger';

export function anchorSummary(a: AnchorCheck): string[] {
  const title = { intact: 'INTACT', new: 'NEW', 'first-seen': 'FIRST SEEN', altered: 'ALTERED' }[a.state];
  return [`Trust anchors: ${title} — ${a.messages[0] ?? ''}`, ...a.messages.slice(1).map((m) => `  ${m}`)];
}

/** Tell the auditor, unless the file simply matches this machine's record (or was just made here). */
export function anchorNotice(ws: Workspace, err: (s: string) => void): void {
  const a = ws.anchors;
  if (a.state === 'new' || (a.state === 'intact' && a.messages.length === 1)) return;
  if (a.state === 'altered') err(`tickmark: WORKSPACE ALTERED: ${ws.file} does not match this machine's record of it:`);
  for (const m of a.state === 'intact' ? a.messages.slice(1) : a.messages) err(`  ${m}`);
}
