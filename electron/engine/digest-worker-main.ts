// A worker of the pool: the per-record work of a batch — verification's digests (batch-digest.ts, fast
// path) or import's checked fields (batch-fields.ts) — returned with its typed arrays and the batch's own
// bytes transferred back.
import { parentPort } from 'node:worker_threads';
import { digestFast } from './batch-digest';
import { fieldsOfBatch } from './batch-fields';
import type { DigestRequest } from './digest-pool';

parentPort!.on('message', (m: DigestRequest) => {
  if (m.kind === 'fields') {
    const out = { ...fieldsOfBatch(m.buf, m.spans, m.n), id: m.id };
    parentPort!.postMessage(out, [out.seq.buffer as ArrayBuffer, out.tsMs.buffer as ArrayBuffer, out.mfa.buffer as ArrayBuffer, out.hasTarget.buffer as ArrayBuffer, out.buf.buffer as ArrayBuffer, out.spans.buffer as ArrayBuffer]);
    return;
  }
  const out = { ...digestFast(m.buf, m.spans, m.n, m.ctx), id: m.id };
  parentPort!.postMessage(out, [out.seq.buffer as ArrayBuffer, out.tsMs.buffer as ArrayBuffer, out.leaf.buffer as ArrayBuffer, out.buf.buffer as ArrayBuffer, out.spans.buffer as ArrayBuffer]);
});
// loaded: the pool sends nothing before this
parentPort!.postMessage({ ready: true });
