import { afterAll, beforeAll } from 'vitest';
import { released } from '../../electron/engine/io/batch-buffers';

/**
 * For the enclosing describe (or file): every batch buffer is overwritten as it is released for reuse,
 * so that rows, lines or a report read from a batch after its release, on any thread, would differ.
 */
export function poisonReleasedBuffers(): void {
  beforeAll(() => {
    released.poison = true;
  });
  afterAll(() => {
    released.poison = false;
  });
}
