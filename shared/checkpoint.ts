// C2SP tlog-checkpoint: the text of a signed note that commits to a log's Merkle tree,
// "<origin>\n<tree size>\n<base64 root hash>\n" followed by optional extension lines.
// A bundle's .ckpt file holds one or more signed checkpoints separated by blank lines (bundle format §4).
import { fromBase64, toBase64 as base64Encode } from './hex';

/** Canonical padded base64, or null: callers word the error for their context. */
function base64Decode(s: string): Uint8Array | null {
  try {
    return fromBase64(s);
  } catch {
    return null;
  }
}

export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** 32-byte RFC 6962 / RFC 9162 tree hash */
  rootHash: Uint8Array;
  /** opaque lines after the root hash, each non-empty */
  extensions: string[];
}

export type CheckpointErrorCode = 'malformed-checkpoint' | 'malformed-checkpoint-file';

export class CheckpointError extends Error {
  override name = 'CheckpointError';
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    /** 1-based line (in the checkpoint text, or in the file for splitCheckpointFile) */
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface CheckpointBlock {
  /** one complete signed note, ending in a newline */
  note: string;
  /** 1-based line in the file where the note starts */
  startLine: number;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SIG_PREFIX = '\u2014 ';
// Sizes are JavaScript numbers everywhere in Tickmark, so anything past 2^53 − 1 could not be counted exactly.
const MAX_SIZE = BigInt(Number.MAX_SAFE_INTEGER);

function quote(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

function lineCharProblem(l: string): string | null {
  const c = CONTROL.exec(l);
  if (c) {
    if (l[c.index] === '\r') return 'ends with a carriage return (Windows line ending); signed checkpoints use newline only';
    return `contains the control character U+${l.charCodeAt(c.index).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  if (LONE_SURROGATE.test(l)) return 'contains text that is not valid UTF-8';
  return null;
}

function fail(message: string, line?: number): never {
  throw new CheckpointError('malformed-checkpoint', line === undefined ? message : `line ${line} of the checkpoint: ${message}`, line);
}

/** Parse the text part of a signed checkpoint (what parseSignedNote returns as text). */
export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) fail('the checkpoint text does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((l, i) => {
    const p = lineCharProblem(l);
    if (p) fail(p, i + 1);
  });
  if (lines.length < 3) fail(`a checkpoint has at least 3 lines (origin, tree size, root hash); this one has ${lines.length}`);
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') fail('the origin is empty', 1);
  if (!/^(0|[1-9][0-9]*)$/.test(size)) fail(`the tree size ${quote(size)} is not a decimal number without leading zeros`, 2);
  if (BigInt(size) > MAX_SIZE) fail(`the tree size ${size} is larger than 2^53 − 1, the largest size Tickmark can count exactly`, 2);
  const rootHash = base64Decode(root);
  if (!rootHash) fail(`the root hash ${quote(root)} is not valid base64`, 3);
  if (rootHash.length !== 32) fail(`the root hash is ${rootHash.length} bytes; a SHA-256 tree hash is 32`, 3);
  extensions.forEach((l, i) => {
    if (l === '') fail('extension lines must not be empty', i + 4);
  });
  return { origin, treeSize: Number(size), rootHash, extensions };
}

/** The note text for a checkpoint, ready for signNote. Refuses values that would not parse back. */
export function formatCheckpointText(cp: Checkpoint): string {
  const line = (l: string, what: string): string => {
    if (l === '') fail(`the ${what} is empty`);
    if (l.includes('\n')) fail(`the ${what} contains a newline`);
    const p = lineCharProblem(l);
    if (p) fail(`the ${what} ${p}`);
    return l;
  };
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0) fail(`the tree size ${cp.treeSize} is not a whole number between 0 and 2^53 − 1`);
  if (cp.rootHash.length !== 32) fail(`the root hash is ${cp.rootHash.length} bytes; a SHA-256 tree hash is 32`);
  const lines = [line(cp.origin, 'origin'), String(cp.treeSize), base64Encode(cp.rootHash), ...cp.extensions.map((e) => line(e, 'extension line'))];
  return `${lines.join('\n')}\n`;
}

/**
 * Split a .ckpt file into its signed notes, checking the layout only (each note is parsed and verified
 * separately, so one bad checkpoint does not hide the others). Layout of each note: non-empty text lines,
 * exactly one blank line, one or more "— " signature lines. Notes are separated by one or more blank lines.
 * Throws CheckpointError naming the file line where the layout breaks.
 */
export function splitCheckpointFile(content: string): CheckpointBlock[] {
  const fileFail = (message: string, line: number): never => {
    throw new CheckpointError('malformed-checkpoint-file', `line ${line}: ${message}`, line);
  };
  if (content.charCodeAt(0) === 0xfeff) fileFail('the file starts with a byte order mark, which would become part of the first origin', 1);
  const lines = content.split('\n');
  const last = lines.pop()!;
  if (last !== '') fileFail('the file does not end with a newline, so its last line is cut off', lines.length + 1);

  const blocks: CheckpointBlock[] = [];
  // between: outside a note; text: in its text lines; gap: after the blank line that ends the text; sigs: in its signature lines
  let state: 'between' | 'text' | 'gap' | 'sigs' = 'between';
  let start = 0;
  const close = (end: number): void => {
    blocks.push({ note: `${lines.slice(start - 1, end).join('\n')}\n`, startLine: start });
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const n = i + 1;
    const p = lineCharProblem(l);
    if (p) fileFail(`the line ${p}`, n);
    const blank = l === '';
    const sig = l.startsWith(SIG_PREFIX);
    switch (state) {
      case 'between':
        if (sig) fileFail('a signature line with no checkpoint text before it', n);
        if (!blank) {
          state = 'text';
          start = n;
        }
        break;
      case 'text':
        if (sig) fileFail(`a signature line directly after the checkpoint text that starts at line ${start}; a blank line must come between them`, n);
        if (blank) state = 'gap';
        break;
      case 'gap':
        if (blank)
          fileFail(
            `a second blank line after the checkpoint text that starts at line ${start}; exactly one blank line separates a checkpoint from its signatures`,
            n,
          );
        if (!sig) fileFail(`expected a signature line ("— <key name> <signature>") for the checkpoint that starts at line ${start}`, n);
        state = 'sigs';
        break;
      case 'sigs':
        if (blank) {
          close(i);
          state = 'between';
        } else if (!sig) {
          fileFail(
            `expected another signature line, or a blank line before the next checkpoint (the checkpoint that starts at line ${start} has ended)`,
            n,
          );
        }
        break;
    }
  }
  if (state === 'sigs') close(lines.length);
  else if (state !== 'between') fileFail(`the file ends before the checkpoint that starts at line ${start} has any signature line`, lines.length);
  if (blocks.length === 0) fileFail('the file holds no checkpoint', 1);
  return blocks;
}
