// A verification worker: the per-record digest of a batch (batch-digest.ts, fast path), returned with
// its typed arrays and the batch's own bytes transferred back.
import { parentPort } from 'node:worker_threads';
import { digestFast } from './batch-digest';
import type { DigestRequest } from './digest-pool';

parentPort!.on('message', (m: DigestRequest) => {
  const out = { ...digestFast(m.buf, m.spans, m.n, m.ctx), id: m.id };
  parentPort!.postMessage(out, [out.seq.buffer as ArrayBuffer, out.tsMs.buffer as ArrayBuffer, out.leaf.buffer as ArrayBuffer, out.buf.buffer as ArrayBuffer, out.spans.buffer as ArrayBuffer]);
});
