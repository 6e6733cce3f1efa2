// RFC 8785 JSON Canonicalization Scheme (JCS): the exact bytes every record hash is computed over.
//
// Values come from JSON.parse, so what the RFC prescribes maps onto ECMAScript directly: numbers are
// Number::toString (what String(n) gives; -0 becomes "0"), strings are JSON.stringify's escaping (RFC 8785
// §3.2.2.2 is exactly that for well-formed strings), and members sort by UTF-16 code units (the default
// Array.prototype.sort order). What JCS adds is refusing anything I-JSON cannot carry: non-finite numbers,
// lone surrogates, and values that are not JSON at all.
//
// This runs once per record over millions of records, so it is a single recursive writer that appends to one
// string, skips JSON.stringify for strings that need no escaping, and never copies objects.

export class JcsError extends Error {
  override name = 'JcsError';
  /** where in the value the problem is, as a JSONPath-like string ("$", "$.details[2].name") */
  readonly path: string;
  /** the problem itself, without the location */
  readonly reason: string;
  constructor(reason: string, path = '$') {
    super(path === '$' ? `cannot canonicalize: ${reason}` : `cannot canonicalize ${path}: ${reason}`);
    this.path = path;
    this.reason = reason;
  }
}

// Deep enough for any real record; shallow enough to fail with a clear message instead of a stack overflow
// (also the only guard against a cyclic object, which JSON.parse never produces).
const MAX_DEPTH = 500;

// Characters that force the careful path: controls, '"', '\' (need escaping) and surrogates (must be paired).
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const NEEDS_CARE = /[\u0000-\u001f"\\\ud800-\udfff]/;

// Thrown internally without a location; the entry points add the path on the way out.
class Problem {
  constructor(
    readonly reason: string,
    readonly path: Array<string | number> = [],
  ) {}
}

function loneSurrogateAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

function quote(s: string, what: string): string {
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  const at = loneSurrogateAt(s);
  if (at >= 0) {
    const unit = s.charCodeAt(at).toString(16).toUpperCase();
    throw new Problem(
      `${what} contains an unpaired UTF-16 surrogate (\\u${unit} at character ${at}), which has no UTF-8 encoding; RFC 8785 and I-JSON forbid it`,
    );
  }
  return JSON.stringify(s);
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return `a ${Object.prototype.toString.call(v).slice(8, -1)} object`;
  return `a ${typeof v} value`;
}

// JSON.parse produces only plain objects; anything else (Date, Map, typed arrays, class instances) would
// silently serialize as something other than what it means.
function isPlainObject(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) return true;
  // a plain object from another realm (a vm context): its prototype is that realm's Object.prototype
  return (
    typeof proto === 'object' &&
    Object.getPrototypeOf(proto) === null &&
    Object.prototype.hasOwnProperty.call(proto, 'hasOwnProperty') &&
    !Array.isArray(o)
  );
}

function write(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return quote(v, 'the string');
    case 'number':
      if (!Number.isFinite(v)) throw new Problem(`${v} is not a JSON number (only finite numbers are allowed)`);
      return String(v); // ES Number::toString, as RFC 8785 §3.2.2.3 requires; -0 → "0"
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (depth >= MAX_DEPTH) throw new Problem(`the value is nested more than ${MAX_DEPTH} levels deep (or refers to itself)`);
      if (Array.isArray(v)) return writeArray(v, depth + 1);
      if (!isPlainObject(v)) throw new Problem(`${describe(v)} is not JSON data`);
      return writeObject(v as Record<string, unknown>, undefined, depth + 1);
    case 'undefined':
      throw new Problem('the value is undefined, which JSON cannot represent');
    default:
      throw new Problem(`${describe(v)} cannot be represented in JSON`);
  }
}

function writeArray(a: readonly unknown[], depth: number): string {
  let s = '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) s += ',';
    try {
      s += write(a[i], depth);
    } catch (e) {
      throw located(e, i);
    }
  }
  return `${s}]`;
}

function writeObject(o: Record<string, unknown>, omit: string | undefined, depth: number): string {
  const keys = Object.keys(o).sort();
  let s = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === omit) continue;
    try {
      const v = o[k];
      if (v === undefined) throw new Problem('the member is undefined, which JSON cannot represent');
      s += `${first ? '' : ','}${quote(k, 'the member name')}:${write(v, depth)}`;
    } catch (e) {
      throw located(e, k);
    }
    first = false;
  }
  return `${s}}`;
}

function located(e: unknown, at: string | number): unknown {
  if (e instanceof Problem) e.path.push(at);
  return e;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function pathString(steps: ReadonlyArray<string | number>): string {
  let p = '$';
  // collected innermost first on the way out
  for (let i = steps.length - 1; i >= 0; i--) {
    const k = steps[i]!;
    p += typeof k === 'number' ? `[${k}]` : IDENT.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }
  return p;
}

function run(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof Problem) throw new JcsError(e.reason, pathString(e.path));
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new JcsError('the value is nested too deeply to canonicalize');
    }
    throw e;
  }
}

/** The RFC 8785 canonical JSON text of a value. Throws JcsError for anything JSON cannot carry. */
export function canonicalize(value: unknown): string {
  return run(() => write(value, 0));
}

const encoder = new TextEncoder();

/** The canonical form as UTF-8 bytes, the input to hashing. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalize(value));
}

/**
 * The canonical form of a top-level object without one of its members, without copying the object: how a
 * record is hashed without its own `hash` member. Nested members of that name are kept.
 */
export function canonicalizeWithout(obj: Record<string, unknown>, omitKey: string): string {
  return run(() => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || !isPlainObject(obj)) {
      throw new Problem(`expected a JSON object, found ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : describe(obj)}`);
    }
    return writeObject(obj, omitKey, 1);
  });
}
