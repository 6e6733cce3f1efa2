// HL7 FHIR AuditEvent (R4/R5) on the custody seam: NDJSON (one resource a line; leaf = the line as received)
// or a Bundle (leaf = the RFC 8785 form of entry i's resource, since a pretty-printed Bundle has no record
// bytes of its own). Reading and mapping are shared/fhir's; duplicates are the same resource id.
import { readAuditEventBundle, readAuditEventNdjson } from '../../../../../shared/fhir/audit-event-readers';
import { mapAuditEvent, type FhirAuditEventFields } from '../../../../../shared/fhir/audit-event';
import { canonicalize } from '../../../../../shared/jcs';
import type { CustodyFields, CustodySourceKind } from '../kind';

/** The framing told from the first 64 KiB of an export's text. */
export function fhirFramingOfHead(head: string): 'ndjson' | 'bundle' | null {
  const first = head.replace(/^\uFEFF/, '').split('\n', 1)[0]!;
  if (/^\s*\{.*"resourceType"\s*:\s*"AuditEvent"/.test(first)) return 'ndjson';
  if (/^\s*\{/.test(head) && /"resourceType"\s*:\s*"Bundle"/.test(head) && /"AuditEvent"/.test(head)) return 'bundle';
  return null;
}

const fieldsOf = (f: FhirAuditEventFields): CustodyFields => ({
  ts: f.ts,
  tsMs: f.tsMs,
  category: f.category,
  action: f.action,
  actorId: f.actorId,
  actorType: f.actorType,
  target: f.target,
  outcome: f.outcome,
  mfa: null, // AuditEvent does not say
});

export const fhirKind: CustodySourceKind = {
  id: 'fhir-audit-event',
  streamKey: 'fhir-audit',
  noun: 'FHIR AuditEvent',
  detect: (head) => fhirFramingOfHead(head),
  frame(text) {
    const framing = fhirFramingOfHead(text.slice(0, 65536));
    const read = framing === 'bundle' ? readAuditEventBundle(text) : readAuditEventNdjson(text);
    const lines = framing === 'bundle' ? [] : text.split('\n'); // line 1 keeps a BOM: the bytes as received
    let offset = 0;
    let lineNo = 1;
    const lineOffset = (line: number): number => {
      for (; lineNo < line; lineNo++) offset += Buffer.byteLength(lines[lineNo - 1]!) + 1;
      return offset;
    };
    return {
      framing: framing ?? 'ndjson',
      records: read.records.map((r) => ({
        line: r.line,
        offset: framing === 'bundle' ? null : lineOffset(r.line),
        leaf: framing === 'bundle' ? canonicalize(r.resource) : lines[r.line - 1]!.replace(/\r$/, ''),
        fields: fieldsOf(r),
        dupKey: r.id === null ? null : `AuditEvent/${r.id}`,
      })),
      problems: read.problems.map((p) => ({ line: p.line, member: p.member, message: p.message })),
      context: null,
      skipped: 0,
      extra: {
        versions: { R4: read.records.filter((r) => r.fhirVersion === 'R4').length, R5: read.records.filter((r) => r.fhirVersion === 'R5').length },
      },
    };
  },
  remap(leaf) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(leaf.replace(/^\uFEFF/, ''));
    } catch {
      return { problem: 'its stored record is no longer valid JSON' };
    }
    const m = mapAuditEvent(parsed);
    return m.ok ? fieldsOf(m.fields) : { problem: `its stored record is no longer a readable AuditEvent (${m.problem.message})` };
  },
};
