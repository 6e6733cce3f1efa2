// The sampling half of the CLI: population, plan, sample, evaluate, workpaper, result, signoff,
// verify-workspace. Each prints a readable summary, or with --json the full value for a pipeline.
import { parseArgs } from 'node:util';
import { planAttributeSample, sizeForFrequency, type ControlFrequency, type ControlRisk, type PlanMethod } from '../../shared/sampling/plan';
import { evaluateAttributeSample, type SampleEvaluation } from '../../shared/sampling/evaluate';
import type { AttributeResult, SelectionMethod, SessionView } from '../../shared/session';
import { drawnUnderText } from '../../shared/session';
import type { EventFilter } from '../../shared/types';
import { Workspace } from '../engine/store/workspace';
import { definePopulation, findPopulation, listPopulations } from '../engine/population';
import { createSession, findSession, recordResult, sessionView, signOff, reopenSession } from '../engine/sessions';
import { verifyActivityLog } from '../engine/activity';
import { engagementGuidance, parseGuidanceSetting, setEngagementGuidance } from '../engine/guidance';
import { applyWorkpaper, exportWorkpaper } from '../engine/workpaper/index';
import { anchorNotice, anchorSummary } from './anchors';

export interface IO {
  out: (s: string) => void;
  err: (s: string) => void;
}

export class UsageError extends Error {}

function num(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : v);
  if (!Number.isFinite(x)) throw new UsageError(`${what} must be a number (got ${JSON.stringify(v)})`);
  return x;
}

function withWorkspace<T>(io: IO, file: string | undefined, f: (ws: Workspace) => T): T {
  if (!file) throw new UsageError('a <workspace> file is needed');
  const ws = Workspace.open(file);
  anchorNotice(ws, io.err);
  try {
    return f(ws);
  } finally {
    ws.close();
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The upper limit as the tables and the workpaper print it: rounded UP to 0.1 % (never down, never to nearest). */
function limitText(e: SampleEvaluation): string {
  return e.method === 'census' ? `census, deviation rate ${pct(e.sampleDeviationRate)}` : `upper limit ${pct(e.upperDeviationLimitTable)}`;
}

function printSession(v: SessionView, io: IO): void {
  io.out(`Session #${v.id} "${v.name}" (${v.status}) — control ${v.control.id || '-'}`);
  io.out(
    `Population "${v.population.name}": ${v.population.size.toLocaleString('en-US')} events, integrity ${v.population.integrity.toUpperCase()}, digest ${v.population.digest}`,
  );
  if (v.population.integrity !== 'verified')
    io.out(
      `  ! drawn from a stream that is ${v.population.integrity}: ${v.population.streams
        .filter((s) => s.verdict !== 'verified')
        .map((s) => s.stream)
        .join(', ')}`,
    );
  io.out(`Size ${v.items.length} (${v.plan.formula})${v.plan.override ? `; overridden from ${v.plan.computedSize}: ${v.plan.override.reason}` : ''}`);
  io.out(`Selection ${v.selection.method}${v.selection.period ? ` by ${v.selection.period}` : ''}, seed ${v.seed}`);
  for (const e of v.evaluation) {
    io.out(
      `  ${e.name}: ${e.deviations} deviation(s) in ${e.tested} tested${e.untested ? `, ${e.untested} untested` : ''}${e.evaluation ? ` — ${limitText(e.evaluation)} vs tolerable ${pct(e.evaluation.tolerableRate)}: ${e.evaluation.conclusion}` : ''}`,
    );
  }
}

export async function samplingCommand(cmd: string, rest: string[], io: IO): Promise<number | null> {
  switch (cmd) {
    case 'population': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          name: { type: 'string' },
          list: { type: 'boolean' },
          json: { type: 'boolean' },
          by: { type: 'string' },
          stream: { type: 'string', multiple: true },
          category: { type: 'string', multiple: true },
          action: { type: 'string', multiple: true },
          actor: { type: 'string', multiple: true },
          outcome: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          text: { type: 'string' },
        },
      });
      return withWorkspace(io, positionals[0], (ws) => {
        if (values.list || !values.name) {
          const all = listPopulations(ws);
          if (values.json) io.out(JSON.stringify(all, null, 2));
          else
            for (const p of all)
              io.out(
                `#${p.id} ${p.name}: ${p.size.toLocaleString('en-US')} events, ${p.firstTs ?? '-'} – ${p.lastTs ?? '-'}, integrity ${p.integrity}`,
              );
          return 0;
        }
        if (values.outcome && values.outcome !== 'success' && values.outcome !== 'failure') throw new UsageError('--outcome is success or failure');
        const filter: EventFilter = {
          streams: values.stream,
          categories: values.category,
          actions: values.action,
          actors: values.actor,
          outcome: values.outcome as EventFilter['outcome'],
          from: values.from,
          to: values.to,
          text: values.text,
        };
        for (const k of Object.keys(filter) as (keyof EventFilter)[]) if (filter[k] === undefined) delete filter[k];
        const p = definePopulation(ws, values.name, filter, values.by);
        if (values.json) io.out(JSON.stringify(p, null, 2));
        else {
          io.out(
            `Population #${p.id} "${p.name}": ${p.size.toLocaleString('en-US')} events, ${p.firstTs ?? '-'} – ${p.lastTs ?? '-'}, integrity ${p.integrity.toUpperCase()}, digest ${p.digest}`,
          );
          io.out(drawnUnderText(p.drawnUnder));
        }
        return 0;
      });
    }
    case 'plan': {
      const { values } = parseArgs({
        args: rest,
        options: {
          confidence: { type: 'string' },
          tolerable: { type: 'string' },
          expected: { type: 'string' },
          'expected-deviations': { type: 'string' },
          population: { type: 'string' },
          method: { type: 'string' },
          frequency: { type: 'string' },
          risk: { type: 'string' },
          workspace: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      if (values.frequency) {
        const size = (guidance?: ReturnType<typeof engagementGuidance>): number => {
          const r = sizeForFrequency(values.frequency as ControlFrequency, (values.risk ?? 'higher') as ControlRisk, {
            occurrences: num(values.population, '--population'),
            guidance,
          });
          io.out(values.json ? JSON.stringify(r, null, 2) : `${r.size} items — ${r.basis}`);
          return 0;
        };
        // with --workspace, the engagement's own guidance table
        return values.workspace ? withWorkspace(io, values.workspace, (ws) => size(engagementGuidance(ws))) : size();
      }
      const p = planAttributeSample({
        confidence: num(values.confidence, '--confidence') ?? 0.95,
        tolerableRate: num(values.tolerable, '--tolerable') ?? 0.05,
        expectedRate: num(values.expected, '--expected'),
        expectedDeviations: num(values['expected-deviations'], '--expected-deviations'),
        populationSize: num(values.population, '--population'),
        method: values.method as PlanMethod | undefined,
      });
      io.out(
        values.json
          ? JSON.stringify(p, null, 2)
          : `${p.size} items (up to ${p.allowedDeviations} deviation${p.allowedDeviations === 1 ? '' : 's'} may be found) — ${p.formula}`,
      );
      return 0;
    }
    case 'guidance': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { set: { type: 'string', multiple: true }, reset: { type: 'boolean' }, by: { type: 'string' }, json: { type: 'boolean' } },
      });
      return withWorkspace(io, positionals[0], (ws) => {
        const change = Object.assign({}, ...(values.set ?? []).map(parseGuidanceSetting));
        const g =
          values.set?.length || values.reset ? setEngagementGuidance(ws, change, { reset: values.reset, actor: values.by }) : engagementGuidance(ws);
        if (values.json) io.out(JSON.stringify(g, null, 2));
        else
          for (const [f, b] of Object.entries(g))
            io.out(`${f.padEnd(17)} ${String(b.lower).padStart(3)} (lower risk)  ${String(b.higher).padStart(3)} (higher risk)`);
        return 0;
      });
    }
    case 'sample': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          population: { type: 'string' },
          name: { type: 'string' },
          attribute: { type: 'string', multiple: true },
          'control-id': { type: 'string' },
          control: { type: 'string' },
          objective: { type: 'string' },
          confidence: { type: 'string' },
          tolerable: { type: 'string' },
          expected: { type: 'string' },
          method: { type: 'string' },
          size: { type: 'string' },
          reason: { type: 'string' },
          frequency: { type: 'string' },
          risk: { type: 'string' },
          select: { type: 'string' },
          period: { type: 'string' },
          allocation: { type: 'string' },
          'auditor-value': { type: 'string' },
          by: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      if (!values.population || !values.name || !values['auditor-value'] || !values.attribute?.length) {
        throw new UsageError('sample needs <workspace> --population <id|name> --name <session> --attribute <text>... --auditor-value <text>');
      }
      return withWorkspace(io, positionals[0], (ws) => {
        const pop = findPopulation(ws, values.population!);
        let override: { size: number; reason: string } | undefined;
        if (values.frequency) {
          const f = sizeForFrequency(values.frequency as ControlFrequency, (values.risk ?? 'higher') as ControlRisk, {
            occurrences: pop.size,
            guidance: engagementGuidance(ws),
          });
          override = { size: f.size, reason: `SOC 2 frequency guidance: ${f.basis}` };
        }
        if (values.size) override = { size: num(values.size, '--size')!, reason: values.reason ?? '' };
        const v = createSession(ws, {
          populationId: pop.id,
          name: values.name!,
          control: { id: values['control-id'], description: values.control, objective: values.objective },
          attributes: values.attribute!.map((name) => ({ name })),
          plan: {
            confidence: num(values.confidence, '--confidence') ?? 0.95,
            tolerableRate: num(values.tolerable, '--tolerable') ?? 0.05,
            expectedRate: num(values.expected, '--expected') ?? 0,
            method: values.method as PlanMethod | undefined,
          },
          override,
          selection: {
            method: (values.select ?? 'simple-random') as SelectionMethod,
            period: values.period as 'month' | 'quarter' | 'week' | undefined,
            allocation: values.allocation as 'proportional' | 'at-least-one' | undefined,
          },
          auditorValue: values['auditor-value']!,
          actor: values.by,
        });
        if (values.json) io.out(JSON.stringify(v, null, 2));
        else {
          printSession(v, io);
          for (const it of v.items)
            io.out(
              `  ${String(it.position).padStart(3)}. #${it.populationIndex} ${it.event.stream} seq ${it.event.seq} ${it.event.ts} ${it.event.action} by ${it.event.actorId}${it.stratum ? ` [${it.stratum}]` : ''}`,
            );
        }
        return 0;
      });
    }
    case 'evaluate': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          n: { type: 'string' },
          deviations: { type: 'string' },
          confidence: { type: 'string' },
          tolerable: { type: 'string' },
          population: { type: 'string' },
          method: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      if (positionals.length === 2) {
        return withWorkspace(io, positionals[0], (ws) => {
          const v = sessionView(ws, findSession(ws, positionals[1]!));
          if (values.json)
            io.out(
              JSON.stringify(
                { session: v.id, name: v.name, population: { size: v.population.size, integrity: v.population.integrity }, evaluation: v.evaluation },
                null,
                2,
              ),
            );
          else printSession(v, io);
          return v.evaluation.some((e) => e.evaluation?.conclusion === 'does-not-support') ? 1 : 0;
        });
      }
      const e = evaluateAttributeSample({
        sampleSize: num(values.n, '--n') ?? NaN,
        deviations: num(values.deviations, '--deviations') ?? 0,
        confidence: num(values.confidence, '--confidence') ?? 0.95,
        tolerableRate: num(values.tolerable, '--tolerable') ?? 0.05,
        populationSize: num(values.population, '--population'),
        method: values.method as PlanMethod | undefined,
      });
      io.out(values.json ? JSON.stringify(e, null, 2) : `${e.explanation}`);
      return e.conclusion === 'supports-reliance' ? 0 : 1;
    }
    case 'result': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { item: { type: 'string' }, attribute: { type: 'string' }, result: { type: 'string' }, by: { type: 'string' } },
      });
      if (positionals.length !== 2 || !values.item || !values.attribute || !values.result)
        throw new UsageError('result needs <workspace> <session> --item <position> --attribute <name> --result pass|deviation|na|none');
      return withWorkspace(io, positionals[0], (ws) => {
        const v = sessionView(ws, findSession(ws, positionals[1]!));
        const item = v.items.find((i) => i.position === Number(values.item));
        const attr = v.attributes.find((a) => a.name === values.attribute);
        if (!item) throw new UsageError(`session "${v.name}" has no item ${values.item}`);
        if (!attr)
          throw new UsageError(`session "${v.name}" has no attribute "${values.attribute}" (it has: ${v.attributes.map((a) => a.name).join(', ')})`);
        recordResult(ws, item.id, attr.id, values.result === 'none' ? null : (values.result as AttributeResult), values.by);
        io.out(`Item ${item.position}, ${attr.name}: ${values.result}`);
        return 0;
      });
    }
    case 'signoff': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { as: { type: 'string' }, name: { type: 'string' }, reopen: { type: 'string' } },
      });
      if (positionals.length !== 2)
        throw new UsageError('signoff needs <workspace> <session> (--as preparer|reviewer --name <name> | --reopen <reason>)');
      return withWorkspace(io, positionals[0], (ws) => {
        const id = findSession(ws, positionals[1]!);
        const v =
          values.reopen !== undefined
            ? reopenSession(ws, id, values.reopen, values.name)
            : signOff(ws, id, (values.as ?? 'preparer') as 'preparer' | 'reviewer', values.name ?? '');
        io.out(`Session "${v.name}" is now ${v.status}.`);
        return 0;
      });
    }
    case 'workpaper': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { out: { type: 'string', short: 'o' }, import: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } },
      });
      if (positionals.length !== 2 || (!values.out && !values.import))
        throw new UsageError('workpaper needs <workspace> <session> -o <file.xlsx> (or --import <file.xlsx>)');
      const ws = Workspace.open(positionals[0]!);
      anchorNotice(ws, io.err);
      try {
        const id = findSession(ws, positionals[1]!);
        if (values.import) {
          const r = await applyWorkpaper(ws, id, values.import, values.by);
          io.out(
            values.json
              ? JSON.stringify({ session: id, file: values.import, ...r }, null, 2)
              : `Updated ${r.resultsChanged} result(s) and ${r.itemsAnnotated} note/tickmark change(s) from ${values.import}.`,
          );
        } else {
          const v = await exportWorkpaper(ws, id, values.out!, values.by);
          io.out(
            values.json
              ? JSON.stringify({ session: id, file: values.out, items: v.items.length, activityHead: v.activityHead }, null, 2)
              : `Wrote the workpaper for session "${v.name}" (${v.items.length} items) to ${values.out}; activity log head ${v.activityHead.hash}.`,
          );
        }
        return 0;
      } finally {
        ws.close();
      }
    }
    case 'verify-workspace': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
      if (!positionals[0]) throw new UsageError('a <workspace> file is needed');
      // the check against this machine's record is made on open (engine/store/anchor-ledger.ts)
      const ws = Workspace.open(positionals[0]);
      try {
        const r = verifyActivityLog(ws);
        if (values.json) io.out(JSON.stringify({ ...r, anchors: ws.anchors }, null, 2));
        else {
          if (r.ok) io.out(`Activity log intact: ${r.entries} entries, head ${r.head}.`);
          else
            io.out(
              `Activity log BROKEN at entry ${r.firstBreak!.seq}: ${r.firstBreak!.problem}. ${r.entries} entries before it are intact (head ${r.head}).`,
            );
          for (const l of anchorSummary(ws.anchors)) io.out(l);
        }
        return r.ok && ws.anchors.state !== 'altered' ? 0 : 1;
      } finally {
        ws.close();
      }
    }
    default:
      return null;
  }
}
