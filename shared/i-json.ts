// I-JSON (RFC 7493): the subset of JSON every reader reads the same way. RFC 8785 canonicalizes only
// I-JSON, and a hash binds a line only if the line means one thing, so Tickmark refuses, at any depth:
//   - a member name twice in one object (§2.3): JSON.parse keeps the last, another reader the first, and
//     `"outcome":"failure","outcome":"success"` would hash one reading and show another;
//   - a lone surrogate, escaped or not (§2.1): it is not Unicode text and has no UTF-8 form;
//   - a number that is a whole number beyond ±(2^53 − 1), or beyond the range of a double (§2.2): an
//     IEEE-754 reader cannot keep it exact, so 9007199254740993 could not be told from 9007199254740992.
// Other numbers are doubles, written the RFC 8785 way (ECMAScript's shortest round trip).
//
// The check runs on text that JSON.parse has already accepted, so it only has to follow the grammar, not
// police it. It answers with the first problem, in words an auditor can act on, or null.

const BS = 0x5c;
const Q = 0x22;

/** The first I-JSON violation in `text` (valid JSON), or null. */
export function iJsonProblem(text: string): string | null {
  const keys: (Set<string> | null)[] = []; // per open container: its member names so far (null: an array)
  const path: string[] = []; // the member names leading to the open containers, for the message
  let expectKey = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c === Q) {
      const end = stringEnd(text, i);
      const problem = surrogateProblem(text, i + 1, end);
      const isKey = expectKey && keys[keys.length - 1] !== null;
      if (problem) return `${problem} in ${isKey ? 'a member name' : 'a string'}${where(path)}`;
      if (isKey) {
        const name = hasEscape(text, i, end) ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        const seen = keys[keys.length - 1]!;
        if (seen.has(name)) {
          return `has the member name ${JSON.stringify(name)} twice in one object${where(path.slice(0, keys.length - 1))}; the line could be read two ways (I-JSON, RFC 7493 §2.3)`;
        }
        seen.add(name);
        path[keys.length - 1] = name;
        expectKey = false;
      }
      i = end + 1;
    } else if (c === 0x7b) {
      keys.push(new Set());
      expectKey = true;
      i++;
    } else if (c === 0x5b) {
      keys.push(null);
      path[keys.length - 1] = '[]';
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      keys.pop();
      path.length = keys.length;
      i++;
    } else if (c === 0x2c) {
      expectKey = keys[keys.length - 1] !== null;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      const problem = numberProblem(text.slice(i, j));
      if (problem) return `${problem}${where(path)}`;
      i = j;
    } else {
      i++; // whitespace, ':', and the letters of true, false, null
    }
  }
  return null;
}

/** Index of the quote that closes the string opening at `open`. */
function stringEnd(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === Q) return i;
    i += c === BS ? 2 : 1;
  }
}

function hasEscape(text: string, open: number, close: number): boolean {
  const b = text.indexOf('\\', open);
  return b !== -1 && b < close;
}

/** A lone surrogate among the code units of a string's content text[s, e), raw or as a \u escape. */
function surrogateProblem(text: string, s: number, e: number): string | null {
  let pendingHigh = false; // the previous code unit was a high surrogate
  for (let i = s; i < e;) {
    let unit: number;
    let next: number;
    if (text.charCodeAt(i) === BS) {
      if (text.charCodeAt(i + 1) === 0x75) {
        unit = parseInt(text.slice(i + 2, i + 6), 16);
        next = i + 6;
      } else {
        unit = -1; // another escape: not a surrogate
        next = i + 2;
      }
    } else {
      unit = text.charCodeAt(i);
      next = i + 1;
    }
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const low = unit >= 0xdc00 && unit <= 0xdfff;
    if (pendingHigh && !low) return 'has a lone surrogate (a high surrogate without its low half)';
    if (!pendingHigh && low) return 'has a lone surrogate (a low surrogate without its high half)';
    pendingHigh = high;
    i = next;
  }
  return pendingHigh ? 'has a lone surrogate (a high surrogate without its low half)' : null;
}

function isNumberChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

function numberProblem(literal: string): string | null {
  const v = Number(literal);
  if (!Number.isFinite(v)) return `has the number ${literal}, beyond the range of a double (I-JSON, RFC 7493 §2.2)`;
  if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
    return `has the number ${literal}, a whole number beyond ±(2^53 − 1) that no IEEE-754 reader keeps exact (I-JSON, RFC 7493 §2.2)`;
  }
  return null;
}

function where(path: readonly string[]): string {
  const named = path.filter((p) => p !== undefined);
  return named.length === 0 ? '' : ` (in ${named.map((p) => (p === '[]' ? '[]' : JSON.stringify(p))).join(' › ')})`;
}
