// An event record's members as "path = value" lines, for a reader who judges an attribute on them (purpose
// of use, MFA flag, details) without a JSON viewer: nested objects are walked with dotted paths and array
// indexes, in the record's own member order; strings are shown without quotes, everything else as JSON.
// The chain members (prev_hash, hash) are left out: they say nothing about the event.

const CHAIN_MEMBERS = new Set(['prev_hash', 'hash']);

export function recordFieldLines(record: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (v !== null && typeof v === 'object') {
      const entries = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x] as const) : Object.entries(v);
      if (entries.length === 0) out.push(`${path} = ${Array.isArray(v) ? '[]' : '{}'}`);
      for (const [k, x] of entries) walk(x, Array.isArray(v) ? `${path}${k}` : path ? `${path}.${k}` : k);
    } else {
      out.push(`${path} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
  };
  for (const [k, v] of Object.entries(record)) if (!CHAIN_MEMBERS.has(k)) walk(v, k);
  return out;
}
