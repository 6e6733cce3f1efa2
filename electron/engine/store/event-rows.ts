// An event as the explorer and the sample show it (shared/types.ts EventRow), from a row of `events`
// joined with its `streams` row: the filter columns and where the line sits in its file.
import type { EventRow } from '../../../shared/types';

/** The row's EventRow; `id` when the event's id comes under another column name (e.g. event_id). */
export function eventRowOf(r: Record<string, unknown>, id = r.id as number): EventRow {
  return {
    id,
    bundleId: r.bundle_id as number,
    stream: r.stream_key as string,
    seq: r.seq as number,
    ts: r.ts as string,
    category: r.category as string,
    action: r.action as string,
    actorId: r.actor_id as string,
    actorType: r.actor_type as string,
    target: (r.target as string | null) ?? null,
    outcome: r.outcome as string,
    file: (JSON.parse(r.files as string) as string[])[r.file_no as number] ?? '',
    line: r.line as number,
  };
}
