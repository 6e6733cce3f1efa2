import { describe, expect, it } from 'vitest';
import { recordFieldLines } from '../../shared/record-fields';

describe('recordFieldLines', () => {
  it('lists every member but the chain ones, nested by dotted path, strings unquoted', () => {
    const lines = recordFieldLines({
      seq: 3,
      actor: { id: 'u-1', roles: ['nurse', 'admin'] },
      mfa: true,
      details: { purpose: 'TREAT', empty: {}, none: [] },
      note: null,
      prev_hash: 'a',
      hash: 'b',
    });
    expect(lines).toEqual([
      'seq = 3',
      'actor.id = u-1',
      'actor.roles[0] = nurse',
      'actor.roles[1] = admin',
      'mfa = true',
      'details.purpose = TREAT',
      'details.empty = {}',
      'details.none = []',
      'note = null',
    ]);
  });
});
