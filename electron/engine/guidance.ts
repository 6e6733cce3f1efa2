// The SOC 2 sample-size guidance by control frequency, editable per engagement: firms and engagements
// differ on these sizes, so the auditor's own table is kept in the workspace, every change is logged,
// and sampling by frequency uses it.
import { frequencyGuidance, type ControlFrequency, type FrequencyBand, type FrequencyGuidance } from '../../shared/sampling/plan';
import { SamplingError } from '../../shared/sampling/errors';
import type { Workspace } from './store/workspace';
import { defaultActor, logActivity } from './activity';

export type GuidanceChange = Partial<Record<ControlFrequency, { lower: number; higher: number }>>;

const FREQUENCIES = Object.keys(frequencyGuidance) as ControlFrequency[];

/** The engagement's table: the defaults with its own sizes over them. */
export function engagementGuidance(ws: Workspace): FrequencyGuidance {
  const eng = ws.engagement();
  const row = ws.db.prepare('SELECT frequency_guidance AS g FROM engagements WHERE id = ?').get(eng.id) as { g: string | null } | undefined;
  const own = row?.g ? (JSON.parse(row.g) as GuidanceChange) : {};
  const out = {} as Record<ControlFrequency, FrequencyBand>;
  for (const f of FREQUENCIES) out[f] = { ...frequencyGuidance[f], ...(own[f] ?? {}) };
  return out;
}

/** Parse "weekly=5-15" (or "annual=1"). */
export function parseGuidanceSetting(s: string): GuidanceChange {
  const m = /^([a-z-]+)=(\d+)(?:-(\d+))?$/.exec(s.trim());
  if (!m || !FREQUENCIES.includes(m[1] as ControlFrequency)) {
    throw new SamplingError(
      'invalid-input',
      `"${s}" is not a guidance setting: write <frequency>=<lower>-<higher> (for example weekly=5-15), with a frequency among ${FREQUENCIES.join(', ')}.`,
    );
  }
  const lower = Number(m[2]);
  return { [m[1]!]: { lower, higher: m[3] === undefined ? lower : Number(m[3]) } } as GuidanceChange;
}

/** Change some sizes (or, with `reset`, return to the defaults); recorded in the activity log. */
export function setEngagementGuidance(ws: Workspace, change: GuidanceChange, opts: { reset?: boolean; actor?: string } = {}): FrequencyGuidance {
  const eng = ws.engagement();
  const current = engagementGuidance(ws);
  const own: GuidanceChange = {};
  if (!opts.reset) {
    for (const f of FREQUENCIES) {
      const c = current[f];
      if (c.lower !== frequencyGuidance[f].lower || c.higher !== frequencyGuidance[f].higher) own[f] = { lower: c.lower, higher: c.higher };
    }
  }
  for (const [f, v] of Object.entries(change) as [ControlFrequency, { lower: number; higher: number }][]) {
    if (!FREQUENCIES.includes(f))
      throw new SamplingError('invalid-input', `No control frequency "${f}"; the frequencies are ${FREQUENCIES.join(', ')}.`);
    if (!Number.isInteger(v.lower) || !Number.isInteger(v.higher) || v.lower < 1 || v.higher < v.lower) {
      throw new SamplingError(
        'invalid-input',
        `The ${frequencyGuidance[f].label.toLowerCase()} sizes must be whole numbers with 1 ≤ lower-risk ≤ higher-risk (got ${v.lower} and ${v.higher}).`,
      );
    }
    own[f] = { lower: v.lower, higher: v.higher };
  }
  ws.db.transaction(() => {
    ws.db.prepare('UPDATE engagements SET frequency_guidance = ? WHERE id = ?').run(Object.keys(own).length ? JSON.stringify(own) : null, eng.id);
    logActivity(ws, opts.actor ?? defaultActor(), 'guidance', `engagement #${eng.id}`, { reset: opts.reset === true, change, result: own });
  })();
  return engagementGuidance(ws);
}
