// A worker of the pool: the per-record work of a batch — verification's digests (batch-digest.ts, fast
// path), an import's checked fields (batch-fields.ts), or both in one pass (import-batch.ts) — returned with its typed arrays
// and the batch's own bytes transferred back.
import { parentPort } from 'node:worker_threads';
import { digestFast, type PackedDigests } from './batch-digest';
import { fieldsFast, importBatch } from './import-batch';
import type { DigestRequest } from './digest-pool';
import { transferable } from './io/batch-buffers';

const digestBuffers = (d: PackedDigests): ArrayBufferLike[] => [
  d.seq.buffer,
  d.tsMs.buffer,
  d.leaf.buffer,
  ...(d.subtrees ? [d.subtrees.heights.buffer, d.subtrees.roots.buffer] : []),
];

parentPort!.on('message', (m: DigestRequest) => {
  if (m.kind === 'fields') {
    const f = { ...fieldsFast(m.buf, m.spans, m.n), id: m.id };
    parentPort!.postMessage(
      f,
      transferable([f.seq.buffer, f.tsMs.buffer, f.mfa.buffer, f.hasTarget.buffer, f.word.buffer, f.buf.buffer, f.spans.buffer]),
    );
    return;
  }
  if (m.kind === 'import') {
    const out = { ...importBatch(m.buf, m.spans, m.n, m.ctx, m.leafOffset), id: m.id };
    const f = out.fields;
    const d = out.digests;
    // fields and digests share the batch's bytes: each buffer is transferred once
    parentPort!.postMessage(
      out,
      transferable([
        f.seq.buffer,
        f.tsMs.buffer,
        f.mfa.buffer,
        f.hasTarget.buffer,
        f.word.buffer,
        f.buf.buffer,
        f.spans.buffer,
        ...(d ? digestBuffers(d) : []),
      ]),
    );
    return;
  }
  const out = { ...digestFast(m.buf, m.spans, m.n, m.ctx, undefined, m.leafOffset), id: m.id };
  parentPort!.postMessage(out, transferable([...digestBuffers(out), out.buf.buffer, out.spans.buffer]));
});
// loaded: the pool sends nothing before this
parentPort!.postMessage({ ready: true });
