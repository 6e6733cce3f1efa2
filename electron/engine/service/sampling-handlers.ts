// Populations, sampling sessions and their results, judgement, review notes and the workpaper export.
import type { EventFilter } from '../../../shared/types';
import { planAttributeSample } from '../../../shared/sampling/plan';
import { definePopulation, listPopulations } from '../population';
import { createSession, listSessions, recordResult, reopenSession, sessionView, signOff, updateItem } from '../sessions';
import { extendSample, replaceItem } from '../sample-additions';
import { setAttributeJudgement, setDeviationAnalysis, setSessionConclusion } from '../judgement';
import { answerReviewNote, clearReviewNote, raiseReviewNote } from '../review-notes';
import { exportWorkpaper } from '../workpaper-io';
import type { Workspace } from '../store/workspace';
import type { Handlers, ServiceContext } from './context';

type SamplingMethods =
  | 'definePopulation'
  | 'populations'
  | 'planSample'
  | 'createSession'
  | 'sessions'
  | 'session'
  | 'recordResult'
  | 'updateItem'
  | 'signOff'
  | 'reopenSession'
  | 'replaceItem'
  | 'extendSample'
  | 'setAttributeJudgement'
  | 'setDeviationAnalysis'
  | 'setSessionConclusion'
  | 'raiseReviewNote'
  | 'answerReviewNote'
  | 'clearReviewNote'
  | 'exportWorkpaper';

export function samplingHandlers(ctx: ServiceContext): Handlers<SamplingMethods> {
  return {
    definePopulation: ({ name, filter }) => definePopulation(ctx.workspace(), name, filter as EventFilter, ctx.actor),
    populations: () => listPopulations(ctx.workspace()),
    planSample: (a) => planAttributeSample(a),
    createSession: (a) => createSession(ctx.workspace(), { ...a, actor: ctx.actor }),
    sessions: () => listSessions(ctx.workspace()),
    session: ({ sessionId }) => sessionView(ctx.workspace(), sessionId),
    recordResult: ({ itemId, attributeId, result }) => {
      recordResult(ctx.workspace(), itemId, attributeId, result, ctx.actor);
      return sessionView(ctx.workspace(), sessionOfItem(ctx.workspace(), itemId));
    },
    updateItem: ({ itemId, ...change }) => {
      updateItem(ctx.workspace(), itemId, change, ctx.actor);
      return sessionView(ctx.workspace(), sessionOfItem(ctx.workspace(), itemId));
    },
    signOff: ({ sessionId, role, name }) => signOff(ctx.workspace(), sessionId, role, name),
    reopenSession: ({ sessionId, reason }) => reopenSession(ctx.workspace(), sessionId, reason, ctx.actor),
    replaceItem: ({ sessionId, position, reason }) => replaceItem(ctx.workspace(), sessionId, position, reason, ctx.actor),
    extendSample: ({ sessionId, count, reason }) => extendSample(ctx.workspace(), sessionId, count, reason, ctx.actor),
    setAttributeJudgement: ({ attributeId, ...change }) => setAttributeJudgement(ctx.workspace(), attributeId, change, ctx.actor),
    setDeviationAnalysis: ({ itemId, attributeId, ...analysis }) => setDeviationAnalysis(ctx.workspace(), itemId, attributeId, analysis, ctx.actor),
    setSessionConclusion: ({ sessionId, text }) => setSessionConclusion(ctx.workspace(), sessionId, text, ctx.actor),
    raiseReviewNote: ({ sessionId, itemPosition, text, by }) => raiseReviewNote(ctx.workspace(), sessionId, { itemPosition, text, by }),
    answerReviewNote: ({ noteId, text, by }) => answerReviewNote(ctx.workspace(), noteId, { text, by }),
    clearReviewNote: ({ noteId, by }) => clearReviewNote(ctx.workspace(), noteId, by),
    exportWorkpaper: async ({ sessionId, path: p }) => {
      const named = p !== null ? ctx.checkSavePath(p) : null;
      const v = sessionView(ctx.workspace(), sessionId);
      const target = named ?? (await ctx.savePath('workpaper', `${safeName(v.name)}-workpaper.xlsx`));
      await exportWorkpaper(ctx.workspace(), sessionId, target, ctx.actor);
      return { path: target };
    },
  };
}

function sessionOfItem(ws: Workspace, itemId: number): number {
  return (ws.db.prepare('SELECT session_id FROM sample_items WHERE id = ?').pluck().get(itemId) as number | undefined) ?? 0;
}

function safeName(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'session'
  );
}
