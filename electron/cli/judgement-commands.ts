// The CLI for what follows the draw: replace a not-applicable item, extend a sample, record the test design
// and judgement, and the review notes. Each prints one line, or with --json the session view.
import { parseArgs } from 'node:util';
import type { DeviationNature, SessionView } from '../../shared/session';
import { Workspace } from '../engine/store/workspace';
import { findSession, sessionView } from '../engine/sessions';
import { extendSample, replaceItem } from '../engine/sample-additions';
import { setAttributeJudgement, setDeviationAnalysis, setSessionConclusion } from '../engine/judgement';
import { answerReviewNote, clearReviewNote, raiseReviewNote } from '../engine/review-notes';
import { UsageError, type IO } from './sampling-commands';

function positiveInt(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < 1)
    throw new UsageError(`${what} must be a whole number from 1 (got ${JSON.stringify(v ?? '')})`);
  return n;
}

function inSession<T>(positionals: string[], usage: string, f: (ws: Workspace, id: number) => T): T {
  if (positionals.length !== 2) throw new UsageError(usage);
  const ws = Workspace.open(positionals[0]!);
  try {
    return f(ws, findSession(ws, positionals[1]!));
  } finally {
    ws.close();
  }
}

function attributeOf(v: SessionView, name: string | undefined) {
  const a = v.attributes.find((x) => x.name === name);
  if (!a)
    throw new UsageError(
      `session "${v.name}" has no attribute ${JSON.stringify(name ?? '')} (it has: ${v.attributes.map((x) => x.name).join(', ')})`,
    );
  return a;
}

function done(io: IO, json: boolean | undefined, v: SessionView, line: string): number {
  io.out(json ? JSON.stringify(v, null, 2) : line);
  return 0;
}

export function judgementCommand(cmd: string, rest: string[], io: IO): number | null {
  switch (cmd) {
    case 'replace': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { item: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } },
      });
      return inSession(positionals, 'replace needs <workspace> <session> --item <position> --reason <why it is not applicable>', (ws, id) => {
        const v = replaceItem(ws, id, positiveInt(values.item, '--item'), values.reason ?? '', values.by);
        const added = v.items[v.items.length - 1]!;
        return done(
          io,
          values.json,
          v,
          `Item ${values.item} replaced by item ${added.position} (population index ${added.populationIndex}${added.stratum ? `, ${added.stratum}` : ''}; stream words ${added.addition!.draws.from}–${added.addition!.draws.to}).`,
        );
      });
    }
    case 'extend': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { items: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } },
      });
      return inSession(positionals, 'extend needs <workspace> <session> --items <k> --reason <why>', (ws, id) => {
        const k = positiveInt(values.items, '--items');
        const v = extendSample(ws, id, k, values.reason ?? '', values.by);
        const added = v.items.slice(-k);
        return done(
          io,
          values.json,
          v,
          `Added ${k} item${k === 1 ? '' : 's'} (positions ${added[0]!.position}–${added[added.length - 1]!.position}); the sample now has ${v.items.length}.`,
        );
      });
    }
    case 'judge': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          attribute: { type: 'string' },
          item: { type: 'string' },
          'deviation-definition': { type: 'string' },
          conclusion: { type: 'string' },
          cause: { type: 'string' },
          nature: { type: 'string' },
          effect: { type: 'string' },
          by: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const usage =
        'judge needs <workspace> <session> and one of: --attribute <name> (--deviation-definition <text> | --conclusion <text>); --item <n> --attribute <name> --cause <text> --nature error|fraud-indicator --effect <text>; --conclusion <text> (on the control)';
      return inSession(positionals, usage, (ws, id) => {
        const v = sessionView(ws, id);
        if (values.item !== undefined) {
          const item = v.items.find((i) => i.position === positiveInt(values.item, '--item'));
          if (!item) throw new UsageError(`session "${v.name}" has no item ${values.item}`);
          const a = attributeOf(v, values.attribute);
          if (values.nature !== 'error' && values.nature !== 'fraud-indicator') throw new UsageError('--nature is error or fraud-indicator');
          const out = setDeviationAnalysis(
            ws,
            item.id,
            a.id,
            { cause: values.cause ?? '', nature: values.nature as DeviationNature, effect: values.effect ?? '' },
            values.by,
          );
          return done(io, values.json, out, `Deviation of item ${item.position} ("${a.name}") analysed: ${values.nature}.`);
        }
        if (values.attribute !== undefined) {
          const a = attributeOf(v, values.attribute);
          if (values['deviation-definition'] === undefined && values.conclusion === undefined) throw new UsageError(usage);
          const out = setAttributeJudgement(
            ws,
            a.id,
            { deviationDefinition: values['deviation-definition'], conclusion: values.conclusion },
            values.by,
          );
          return done(io, values.json, out, `Attribute "${a.name}" updated.`);
        }
        if (values.conclusion === undefined) throw new UsageError(usage);
        return done(
          io,
          values.json,
          setSessionConclusion(ws, id, values.conclusion, values.by),
          `Conclusion on the control of session "${v.name}" recorded.`,
        );
      });
    }
    case 'review': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          raise: { type: 'string' },
          item: { type: 'string' },
          answer: { type: 'string' },
          text: { type: 'string' },
          clear: { type: 'string' },
          by: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      const usage =
        'review needs <workspace> <session> and one of: --raise <text> [--item <n>] --by <reviewer>; --answer <note id> --text <answer> --by <preparer>; --clear <note id> --by <reviewer>; nothing, to list the notes';
      return inSession(positionals, usage, (ws, id) => {
        const by = values.by ?? '';
        let v: SessionView;
        if (values.raise !== undefined)
          v = raiseReviewNote(ws, id, {
            itemPosition: values.item === undefined ? null : positiveInt(values.item, '--item'),
            text: values.raise,
            by,
          });
        else if (values.answer !== undefined) v = answerReviewNote(ws, positiveInt(values.answer, '--answer'), { text: values.text ?? '', by });
        else if (values.clear !== undefined) v = clearReviewNote(ws, positiveInt(values.clear, '--clear'), by);
        else v = sessionView(ws, id);
        if (values.json)
          io.out(
            JSON.stringify({ session: v.id, reviewNotes: v.reviewNotes, lastReview: v.lastReview, editsAfterReview: v.editsAfterReview }, null, 2),
          );
        else {
          for (const n of v.reviewNotes) {
            io.out(
              `#${n.id} ${n.cleared ? 'cleared' : n.answer ? 'answered' : 'open'} — ${n.item ? `item ${n.item.position}` : 'session'}: ${n.text} (${n.raised.name}, ${n.raised.at})`,
            );
            if (n.answer) io.out(`    answer: ${n.answer.text} (${n.answer.name}, ${n.answer.at})`);
            if (n.cleared) io.out(`    cleared by ${n.cleared.name}, ${n.cleared.at}`);
          }
          if (v.editsAfterReview.length > 0)
            io.out(`${v.editsAfterReview.length} change(s) after the review by ${v.lastReview!.name} (${v.lastReview!.at}).`);
        }
        return 0;
      });
    }
    default:
      return null;
  }
}
