// The custody-only kinds, in the order detection asks them (most specific first); kinds that need a field
// mapping are never detected, only chosen (--as with --map).
import type { SourceKindId } from '../../../../shared/source-kinds';
import type { CustodySourceKind } from './kind';
import { atnaKind } from './kinds/atna';
import { fhirKind } from './kinds/fhir';
import { githubKind } from './kinds/github';
import { mappedCsvKind, mappedJsonlKind } from './kinds/mapped';
import { oktaKind } from './kinds/okta';
import { pgauditKind } from './kinds/pgaudit';

export const CUSTODY_KINDS: readonly CustodySourceKind[] = [fhirKind, atnaKind, oktaKind, githubKind, pgauditKind, mappedJsonlKind, mappedCsvKind];

export function custodyKind(id: string): CustodySourceKind | null {
  return CUSTODY_KINDS.find((k) => k.id === id) ?? null;
}

export function isCustodyKind(id: SourceKindId | string): boolean {
  return custodyKind(id) !== null;
}

/** The kind whose detect claims this head, with its framing, or null. */
export function detectCustodyKind(head: string, fileName: string): { kind: CustodySourceKind; framing: string } | null {
  for (const kind of CUSTODY_KINDS) {
    if (kind.needsMapping) continue;
    const framing = kind.detect(head, fileName);
    if (framing !== null) return { kind, framing };
  }
  return null;
}
