// A stream with no events (issue #11 item 13): over a long audit window that is the longest silence
// there can be, and it is reported like any other silent interval.
import { describe, expect, it } from 'vitest';
import { StreamVerifier } from '../../shared/stream-verifier';
import { defaultHasher } from '../../shared/merkle';
import type { ManifestStream } from '../../shared/types';

const DAY = 24 * 3600 * 1000;
const hash = 'ab'.repeat(32);
// RFC 9162 §2.1.1: the root of an empty tree is SHA-256 of nothing
const EMPTY_TREE_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const empty: ManifestStream = {
  id: 'admin',
  files: ['streams/admin.jsonl'],
  origin: 'audit.example/log',
  first_seq: 0,
  event_count: 0,
  chain: { prev_hash: hash, head: hash },
  merkle: { tree_size: 0, root: EMPTY_TREE_ROOT, prior_frontier: [] },
  checkpoints: [],
};

function findingsOfEmpty(window: { start: string; end: string }, silentIntervalMs: number) {
  const v = new StreamVerifier({ stream: empty, auditWindow: window, merkle: defaultHasher, silentIntervalMs });
  v.finish();
  return v.findings.items;
}

describe('an empty stream', () => {
  it('over a 181-day window is a warning: no events at all in the window', () => {
    const f = findingsOfEmpty({ start: '2026-01-01T00:00:00Z', end: '2026-06-30T23:59:59Z' }, 7 * DAY);
    const silent = f.filter((x) => x.code === 'silent-interval');
    expect(silent).toHaveLength(1);
    expect(silent[0]).toMatchObject({
      severity: 'warning',
      file: 'streams/admin.jsonl',
      found: '2026-01-01T00:00:00.000Z – 2026-06-30T23:59:59.000Z',
    });
    expect(silent[0]!.message).toMatch(/No events at all in stream "admin" for the whole audit window, 18\d d/);
    // the declared count agrees, so that stays information, not an error
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('over a window shorter than the silent interval is not', () => {
    const f = findingsOfEmpty({ start: '2026-01-01T00:00:00Z', end: '2026-01-03T00:00:00Z' }, 7 * DAY);
    expect(f.filter((x) => x.severity !== 'info')).toEqual([]);
  });
});
