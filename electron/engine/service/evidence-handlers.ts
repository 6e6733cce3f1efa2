// The evidence files a bundle carries: each with its declared and found SHA-256, and a preview (image,
// table, text) read from the bytes kept in the workspace.
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { EvidenceItem, EvidencePreview } from '../../../shared/api';
import type { VerificationReport } from '../../../shared/types';
import { latestRun } from '../store/runs';
import type { Workspace } from '../store/workspace';
import type { Handlers, ServiceContext } from './context';

export function evidenceHandlers(ctx: ServiceContext): Handlers<'evidence' | 'evidencePreview'> {
  return {
    evidence: () => evidenceOf(ctx.workspace()),
    evidencePreview: ({ bundleId, path: p }) => previewOf(ctx.workspace(), bundleId, p),
  };
}

function evidenceOf(ws: Workspace): EvidenceItem[] {
  const db = ws.db;
  const out: EvidenceItem[] = [];
  for (const b of db.prepare('SELECT id FROM bundles ORDER BY id').pluck().all() as number[]) {
    const report: VerificationReport | undefined = latestRun(ws, b)?.report;
    const declared = new Map(
      (
        db
          .prepare('SELECT path, declared_sha256, declared_size, media_type, controls, description FROM evidence WHERE bundle_id = ?')
          .all(b) as Record<string, unknown>[]
      ).map((x) => [x.path as string, x]),
    );
    const paths = new Set<string>([...declared.keys(), ...(report?.evidence.map((e) => e.path) ?? [])]);
    for (const p of [...paths].sort()) {
      const d = declared.get(p);
      const e = report?.evidence.find((x) => x.path === p);
      out.push({
        bundleId: b,
        path: p,
        mediaType: (d?.media_type as string) || guessType(p),
        size: e?.size ?? null,
        declaredSha256: (d?.declared_sha256 as string | undefined) ?? null,
        foundSha256: e?.foundSha256 ?? null,
        verdict: e?.verdict ?? 'unverifiable',
        controls: d ? (JSON.parse(d.controls as string) as string[]) : [],
        description: (d?.description as string) ?? '',
        findings: e?.findings ?? [],
      });
    }
  }
  return out;
}

function previewOf(ws: Workspace, bundleId: number, p: string): EvidencePreview {
  const row = ws.db.prepare('SELECT content FROM bundle_files WHERE bundle_id = ? AND path = ?').get(bundleId, p) as
    { content: Buffer | null } | undefined;
  if (!row?.content) return { kind: 'none', reason: `${p} is not in the bundle (missing evidence).` };
  const type = guessType(p);
  const buf = row.content;
  if (type.startsWith('image/')) {
    if (buf.length > 8 * 1024 * 1024) return { kind: 'none', reason: 'The image is larger than 8 MB; open it from the bundle instead.' };
    return { kind: 'image', dataUrl: `data:${type};base64,${buf.toString('base64')}` };
  }
  if (type === 'text/csv') {
    const rows = previewRows(buf.toString('utf8'), 501);
    if (rows) return { kind: 'table', columns: rows[0] ?? [], rows: rows.slice(1, 501), truncated: rows.length > 501 };
  }
  if (type.startsWith('text/') || type === 'application/json') {
    const max = 256 * 1024;
    return { kind: 'text', text: buf.subarray(0, max).toString('utf8'), truncated: buf.length > max };
  }
  return { kind: 'none', reason: `No preview for ${type} files.` };
}

function guessType(p: string): string {
  const ext = path.extname(p).toLowerCase();
  return (
    (
      {
        '.csv': 'text/csv',
        '.txt': 'text/plain',
        '.md': 'text/markdown',
        '.json': 'application/json',
        '.png': 'image/png',
        '.jpg': 'image/jpeg',
        '.jpeg': 'image/jpeg',
        '.gif': 'image/gif',
        '.pdf': 'application/pdf',
      } as Record<string, string>
    )[ext] ?? 'application/octet-stream'
  );
}

/** The first rows of a CSV for a preview (RFC 4180 by csv-parse); a file it cannot read is shown as text. */
function previewRows(text: string, maxRows: number): string[][] | null {
  try {
    return parse(text, { bom: true, relax_column_count: true, to_line: maxRows + 1, skip_empty_lines: true }) as string[][];
  } catch {
    return null;
  }
}
