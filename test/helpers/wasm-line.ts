// The WebAssembly canonicalizer on one line, as the workers run it: C written before the line in its
// memory, and other bytes after the line (what follows a line must not change the answer).
import { WasmCanonical, SLACK } from '../../electron/engine/wasm/canonical';
import { newEventScan, type EventScan } from '../../shared/jcs-bytes';

const wasm = WasmCanonical.create()!;

/** C's length (-1: not sure), with the memory it and the scan's offsets refer to. */
export function wasmLine(line: Buffer): { n: number; c: string; res: EventScan; mem: Buffer } {
  const cAt = wasm.free + 1;
  const at = cAt + line.length + 1;
  wasm.ensure(at + line.length + SLACK);
  line.copy(wasm.mem, at);
  wasm.mem.fill('"}\\u', at + line.length, at + line.length + SLACK);
  const res = newEventScan();
  const n = wasm.canonicalEvent(at, at + line.length, cAt, res);
  return { n, c: n < 0 ? '' : wasm.mem.toString('utf8', cAt, cAt + n), res, mem: wasm.mem };
}
