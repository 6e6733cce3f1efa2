// A verification worker: the per-record work (parse, canonicalize, two SHA-256) for a batch of lines,
// returned packed in typed arrays so that sending it back costs little. Order and chain logic stay on
// the main thread.
import { parentPort } from 'node:worker_threads';
import { nodeHashing } from './hashing';
import { digestInline } from './digest-pool';

parentPort!.on('message', (msg: { id: number; lines: string[] }) => {
  const out = { ...digestInline(msg.lines, nodeHashing), id: msg.id };
  parentPort!.postMessage(out, [out.seq.buffer as ArrayBuffer, out.tsMs.buffer as ArrayBuffer, out.leaf.buffer as ArrayBuffer]);
});
