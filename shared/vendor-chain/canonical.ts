// The bytes a record's hash is computed over, per the profile's canonical form:
//   jcs       RFC 8785 (shared/jcs.ts) of the record object without its hash member; the previous-hash
//             member stays in, so the sha256 recipe binds the link too.
//   raw-line  the CSV row exactly as written, without its line end, final delimiter and hash column.
//   fields    the named fields in the profile's order joined by its separator, as UTF-8. A string is taken
//             as it is, a number or boolean as its JSON text, null as the empty string, an object or array
//             as its RFC 8785 text; a field the record lacks is refused (an empty value is not an absent one).
import { canonicalize, canonicalizeWithout, JcsError } from '../jcs';
import { utf8Encode } from '../hex';
import { VendorChainInputError } from './errors';
import type { VendorChainProfile } from './profile';
import type { ChainRecord } from './record';

function fieldText(r: ChainRecord, name: string): string {
  if (!Object.prototype.hasOwnProperty.call(r.fields, name))
    throw new VendorChainInputError(`${r.file} line ${r.line} has no field "${name}", which the profile's canonical form names`, r.file, r.line);
  const v = r.fields[name];
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return canonicalize(v);
}

export function canonicalBytes(p: VendorChainProfile, r: ChainRecord): Uint8Array {
  const c = p.canonical;
  try {
    switch (c.form) {
      case 'jcs':
        return utf8Encode(canonicalizeWithout(r.fields, p.fields.hash));
      case 'raw-line':
        if (r.rawWithoutHash === null) throw new VendorChainInputError(`${r.file} line ${r.line} has no raw row to hash`, r.file, r.line);
        return r.rawWithoutHash;
      case 'fields':
        return utf8Encode(c.fields.map((f) => fieldText(r, f)).join(c.separator));
    }
  } catch (e) {
    if (e instanceof JcsError) throw new VendorChainInputError(`${r.file} line ${r.line} ${e.message}`, r.file, r.line);
    throw e;
  }
}
