import { describe, expect, it } from 'vitest';
import { digestLine, hashingFrom } from '../../shared/digest';
import { defaultHasher } from '../../shared/merkle';
import { sha256 } from '@noble/hashes/sha2.js';
import { nodeHashing } from '../../electron/engine/hashing';

describe('record hashing', () => {
  it('node:crypto and noble give the same chain and leaf hashes', () => {
    const line = JSON.stringify({
      seq: 0,
      ts: '2026-01-01T00:00:00Z',
      category: 'auth',
      action: 'login',
      actor: { id: 'u-1', type: 'user' },
      outcome: 'success',
      note: 'é😂',
      prev_hash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    });
    const a = digestLine(line, nodeHashing);
    const b = digestLine(line, hashingFrom(sha256, defaultHasher));
    if (!('fields' in a) || !('fields' in b)) throw new Error('both must digest');
    expect(a.computedHash).toBe(b.computedHash);
    expect(Buffer.from(a.leafHash).toString('hex')).toBe(Buffer.from(b.leafHash).toString('hex'));
    expect(a.fields).toEqual(b.fields);
  });
});
