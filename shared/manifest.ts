// The bundle manifest (tickmark-bundle/1 §2): checked member by member so that a bad manifest is
// reported with the exact path of the member at fault, never trusted for any number it claims.
import { z } from 'zod';
import type { Manifest } from './types';
import { parseRfc3339 } from './time';
import { iJsonProblem } from './i-json';
import { EVIDENCE_KINDS } from './evidence/kinds';
import { mappingProblems } from './evidence/table';

export const BUNDLE_FORMAT = 'tickmark-bundle/1';

/** §1: relative, '/'-separated, no '..', no leading '/', no drive letter, no NUL, no backslash. */
export function bundlePathProblem(p: string): string | null {
  if (p === '') return 'is empty';
  if (p.includes('\0')) return 'contains a NUL character';
  if (p.includes('\\')) return 'contains a backslash';
  if (p.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(p)) return 'starts with a drive letter';
  if (p.split('/').some((s) => s === '..' || s === '.' || s === '')) return 'contains an empty, "." or ".." segment';
  return null;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');
const timestamp = z.string().refine((s) => parseRfc3339(s) !== null, 'must be an RFC 3339 timestamp');
const bundlePath = z.string().superRefine((p, ctx) => {
  const problem = bundlePathProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: `path ${JSON.stringify(p)} ${problem}` });
});
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const streamSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be 1-128 letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  files: z.array(bundlePath).min(1, 'must list at least one file'),
  origin: z.string().min(1),
  first_seq: count,
  event_count: count,
  chain: z.object({ prev_hash: hex64, head: hex64 }),
  merkle: z.object({ tree_size: count, root: hex64, prior_frontier: z.array(hex64) }),
  checkpoints: z.array(bundlePath),
});

// An evidence file that is a table (evidence-tables.md): its kind, the mapping standard column → the file's
// header where they differ, and for a workbook the sheet (else the first).
const tableSchema = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    columns: z.record(z.string(), z.string()).optional(),
    sheet: z.string().min(1, 'must name a sheet').optional(),
  })
  .superRefine((t, ctx) => {
    for (const p of mappingProblems(t.kind, t.columns ?? {})) ctx.addIssue({ code: 'custom', path: ['columns'], message: `the mapping ${p}` });
  });

const evidenceSchema = z.object({
  path: bundlePath.refine((p) => p.startsWith('evidence/'), 'evidence paths must start with "evidence/"'),
  sha256: hex64,
  size: count,
  media_type: z.string().optional(),
  controls: z.array(z.string()).optional(),
  description: z.string().optional(),
  table: tableSchema.optional(),
});

const manifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    producer: z.object({ name: z.string(), version: z.string() }),
    tenant: z.object({ id: z.string(), name: z.string() }),
    audit_window: z.object({ start: timestamp, end: timestamp }),
    generated_at: timestamp,
    signing_keys: z.array(z.string()),
    streams: z.array(streamSchema),
    evidence: z.array(evidenceSchema),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    m.streams.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'id'], message: `stream id "${s.id}" appears twice` });
      ids.add(s.id);
    });
    const paths = new Set<string>();
    m.evidence.forEach((e, i) => {
      if (paths.has(e.path)) ctx.addIssue({ code: 'custom', path: ['evidence', i, 'path'], message: `evidence "${e.path}" is listed twice` });
      paths.add(e.path);
    });
    if ((parseRfc3339(m.audit_window.start) ?? 0) > (parseRfc3339(m.audit_window.end) ?? 0)) {
      ctx.addIssue({ code: 'custom', path: ['audit_window'], message: 'the audit window ends before it starts' });
    }
  });

export class ManifestError extends Error {
  override name = 'ManifestError';
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** Parse manifest.json text. Throws ManifestError listing every problem with its JSON path. */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(`manifest.json is not valid JSON (${(e as Error).message})`, []);
  }
  const ijson = iJsonProblem(text);
  if (ijson) throw new ManifestError(`manifest.json ${ijson}`, [ijson]);
  const r = manifestSchema.safeParse(raw);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
    throw new ManifestError(
      `manifest.json does not follow ${BUNDLE_FORMAT}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      problems,
    );
  }
  return r.data as Manifest;
}
