// The source seam (#12 item 1): what kind of evidence a path holds. Each kind is a folder here that says
// whether a path is its own (`detect`); the table in shared/source-kinds.ts says what integrity the kind
// carries and which checks it runs. Kinds are asked in order, most specific first, and the Tickmark bundle
// last: whatever no kind claims is read as a bundle, whose reader then says exactly what is missing.
import { SOURCE_KINDS, type SourceKindInfo } from '../../../shared/source-kinds';
import { detect as detectCloudTrail } from './cloudtrail/index';
import { CUSTODY_KINDS } from './custody/registry';
import { headOf } from './custody/read';

export interface SourceKind extends SourceKindInfo {
  /** whether the folder or archive at `location` is of this kind (reads only what it needs to tell) */
  detect(location: string): Promise<boolean>;
}

const cloudTrailKit: SourceKind = { ...SOURCE_KINDS['cloudtrail-kit'], detect: async (p) => (await detectCloudTrail(p)) === 'kit' };
const cloudTrailLake: SourceKind = { ...SOURCE_KINDS['cloudtrail-lake'], detect: async (p) => (await detectCloudTrail(p)) === 'lake' };
// a custody-only kind claims a file by its first 64 KiB; one that needs a field mapping is never detected,
// only chosen (--as csv|jsonl --map)
const custodyKinds: SourceKind[] = CUSTODY_KINDS.map((k) => ({
  ...SOURCE_KINDS[k.id],
  detect: async (p) => {
    if (k.needsMapping) return false;
    const head = headOf(p);
    return head !== null && k.detect(head, p) !== null;
  },
}));
// never claimed by looking: a vendor's chain is read only under the profile the auditor names (--profile)
const vendorChain: SourceKind = { ...SOURCE_KINDS['vendor-chain'], detect: async () => false };
const tickmarkBundle: SourceKind = { ...SOURCE_KINDS['tickmark-bundle'], detect: async () => true };

export const SOURCES: readonly SourceKind[] = [...custodyKinds, cloudTrailKit, cloudTrailLake, vendorChain, tickmarkBundle];

/** The kind of the evidence at `location` (a folder or a .zip). */
export async function detectSource(location: string): Promise<SourceKind> {
  for (const s of SOURCES) if (await s.detect(location)) return s;
  return tickmarkBundle;
}
