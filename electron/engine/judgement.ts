// The auditor's test design and judgement on a session (AICPA Audit Sampling guide: define the deviation
// before testing; analyse each deviation qualitatively — its cause, whether it is an error or may indicate
// fraud, its effect; conclude on each attribute and on the control). Each is stored with the session, logged
// in the activity log, and printed in the workpaper. Only an open session can be changed.
import { DEVIATION_NATURES, type DeviationNature, type SessionView } from '../../shared/session';
import { SessionError, requireOpen, sessionView } from './sessions';
import { defaultActor, logActivity } from './activity';
import { reviewMark } from './review';
import type { Workspace } from './store/workspace';

export function setAttributeJudgement(
  ws: Workspace,
  attributeId: number,
  change: { deviationDefinition?: string; conclusion?: string },
  actor = defaultActor(),
): SessionView {
  const a = ws.db.prepare('SELECT session_id, name FROM session_attributes WHERE id = ?').get(attributeId) as
    { session_id: number; name: string } | undefined;
  if (!a) throw new SessionError(`There is no test attribute #${attributeId}.`);
  requireOpen(ws, a.session_id);
  if (change.deviationDefinition === undefined && change.conclusion === undefined)
    throw new SessionError('Nothing to change: give a deviation definition or a conclusion.');
  ws.db.transaction(() => {
    if (change.deviationDefinition !== undefined)
      ws.db.prepare('UPDATE session_attributes SET deviation_definition = ? WHERE id = ?').run(change.deviationDefinition.trim(), attributeId);
    if (change.conclusion !== undefined)
      ws.db.prepare('UPDATE session_attributes SET conclusion = ? WHERE id = ?').run(change.conclusion.trim(), attributeId);
    logActivity(ws, actor, 'set-attribute-judgement', a.name, {
      session: a.session_id,
      attribute_id: attributeId,
      ...(change.deviationDefinition !== undefined ? { deviation_definition: change.deviationDefinition.trim() } : {}),
      ...(change.conclusion !== undefined ? { conclusion: change.conclusion.trim() } : {}),
      ...reviewMark(ws, a.session_id),
    });
  })();
  return sessionView(ws, a.session_id);
}

export function setDeviationAnalysis(
  ws: Workspace,
  itemId: number,
  attributeId: number,
  analysis: { cause: string; nature: DeviationNature; effect: string },
  actor = defaultActor(),
): SessionView {
  const item = ws.db.prepare('SELECT session_id, position FROM sample_items WHERE id = ?').get(itemId) as
    { session_id: number; position: number } | undefined;
  if (!item) throw new SessionError(`There is no sample item #${itemId}.`);
  requireOpen(ws, item.session_id);
  const attr = ws.db.prepare('SELECT name FROM session_attributes WHERE id = ? AND session_id = ?').get(attributeId, item.session_id) as
    { name: string } | undefined;
  if (!attr) throw new SessionError(`Attribute #${attributeId} does not belong to this session.`);
  const result = ws.db.prepare('SELECT result FROM item_results WHERE item_id = ? AND attribute_id = ?').pluck().get(itemId, attributeId) as
    string | undefined;
  if (result !== 'deviation') throw new SessionError(`Item ${item.position} is not a deviation for "${attr.name}": only a deviation is analysed.`);
  if (!DEVIATION_NATURES.includes(analysis.nature))
    throw new SessionError(`"${String(analysis.nature)}" is not the nature of a deviation: use ${DEVIATION_NATURES.join(' or ')}.`);
  const cause = analysis.cause.trim();
  const effect = analysis.effect.trim();
  if (cause === '' || effect === '')
    throw new SessionError(`The analysis of the deviation of item ${item.position} ("${attr.name}") needs its cause and its effect.`);
  ws.db.transaction(() => {
    ws.db
      .prepare(
        'INSERT INTO deviation_analyses (item_id, attribute_id, cause, nature, effect) VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_id, attribute_id) DO UPDATE SET cause = excluded.cause, nature = excluded.nature, effect = excluded.effect',
      )
      .run(itemId, attributeId, cause, analysis.nature, effect);
    logActivity(ws, actor, 'analyse-deviation', `item ${item.position}`, {
      session: item.session_id,
      item: itemId,
      attribute: attr.name,
      cause,
      nature: analysis.nature,
      effect,
      ...reviewMark(ws, item.session_id),
    });
  })();
  return sessionView(ws, item.session_id);
}

/** The auditor's overall conclusion on the control the session tests. */
export function setSessionConclusion(ws: Workspace, sessionId: number, text: string, actor = defaultActor()): SessionView {
  requireOpen(ws, sessionId);
  const name = ws.db.prepare('SELECT name FROM sampling_sessions WHERE id = ?').pluck().get(sessionId) as string;
  ws.db.transaction(() => {
    ws.db
      .prepare('UPDATE sampling_sessions SET conclusion = ?, conclusion_by = ?, conclusion_at = ? WHERE id = ?')
      .run(text.trim(), actor, new Date().toISOString(), sessionId);
    logActivity(ws, actor, 'conclude-session', name, { session: sessionId, conclusion: text.trim(), ...reviewMark(ws, sessionId) });
  })();
  return sessionView(ws, sessionId);
}
