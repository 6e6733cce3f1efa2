// JSON.parse with the line of the fault: an auditor is told "kit.json line 7", not "position 212".
// V8 gives a position for some faults only ("Unexpected token ',', … is not valid JSON" has none), so the
// offset is found by bisection: the shortest prefix that fails other than by ending too early ends at the
// offending character (a prefix of valid JSON only ever fails by ending early, or parses).

export class JsonTextError extends Error {
  override name = 'JsonTextError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The 1-based column (in UTF-16 code units) of a character offset. */
export function columnAt(text: string, offset: number): number {
  const at = Math.min(offset, text.length);
  let start = at;
  while (start > 0 && text.charCodeAt(start - 1) !== 10) start--;
  return at - start + 1;
}

/** Does this text fail to parse before its end (not merely by being cut short)? */
function failsInside(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch (e) {
    const msg = (e as Error).message;
    if (/end of JSON input/i.test(msg)) return false;
    const pos = /position (\d+)/.exec(msg);
    return pos ? Number(pos[1]) < text.length : true;
  }
}

/** The offset of the character where JSON.parse fails (the text's length when it merely ends too early). */
export function faultOffset(text: string): number {
  if (!failsInside(text)) return text.length;
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(text.slice(0, mid + 1))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const line = lineAt(text, faultOffset(text));
    throw new JsonTextError(`is not valid JSON at line ${line} (${(e as Error).message.replace(/\s+/g, ' ')})`, line);
  }
}
