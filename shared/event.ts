// One event line of a stream (tickmark-bundle/1 §3): parse (I-JSON only, shared/i-json.ts), check the required members, take the
// fields an auditor filters on. Throws EventLineError with a message that names the member at fault.
import { CATEGORIES, OUTCOMES, type EventFields } from './types';
import { parseRfc3339 } from './time';
import { iJsonProblem } from './i-json';

export class EventLineError extends Error {
  override name = 'EventLineError';
}

export interface ParsedEvent {
  obj: Record<string, unknown>;
  fields: EventFields;
  prevHash: string;
  hash: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const categorySet: ReadonlySet<string> = new Set(CATEGORIES);
const outcomeSet: ReadonlySet<string> = new Set(OUTCOMES);

export function parseEventLine(raw: string): ParsedEvent {
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch (e) {
    throw new EventLineError(`is not valid JSON (${(e as Error).message})`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new EventLineError(`is not a JSON object (found ${obj === null ? 'null' : Array.isArray(obj) ? 'an array' : typeof obj})`);
  }
  // JSON.parse keeps the last of two same-named members and rounds long integers: refuse what it would
  // read one way and another reader (or the hash) another
  const problem = iJsonProblem(raw);
  if (problem) throw new EventLineError(problem);
  return checkEvent(obj as Record<string, unknown>);
}

export function checkEvent(o: Record<string, unknown>): ParsedEvent {
  const seq = o.seq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw new EventLineError(seq === undefined ? 'has no "seq" member' : '"seq" is not a non-negative integer');
  }
  const ts = o.ts;
  if (typeof ts !== 'string') throw new EventLineError(ts === undefined ? 'has no "ts" member' : '"ts" is not a string');
  const tsMs = parseRfc3339(ts);
  if (tsMs === null) throw new EventLineError(`"ts" ${JSON.stringify(ts)} is not an RFC 3339 UTC timestamp`);
  const category = o.category;
  if (typeof category !== 'string') throw new EventLineError(category === undefined ? 'has no "category" member' : '"category" is not a string');
  if (!categorySet.has(category)) {
    throw new EventLineError(`"category" ${JSON.stringify(category)} is not one of ${CATEGORIES.join(', ')}`);
  }
  const action = o.action;
  if (typeof action !== 'string' || action === '')
    throw new EventLineError(action === undefined ? 'has no "action" member' : '"action" is not a non-empty string');
  const actor = o.actor;
  if (actor === null || typeof actor !== 'object' || Array.isArray(actor)) {
    throw new EventLineError(actor === undefined ? 'has no "actor" member' : '"actor" is not an object');
  }
  const { id: actorId, type: actorType } = actor as Record<string, unknown>;
  if (typeof actorId !== 'string') throw new EventLineError('"actor.id" is missing or not a string');
  if (typeof actorType !== 'string') throw new EventLineError('"actor.type" is missing or not a string');
  const outcome = o.outcome;
  if (typeof outcome !== 'string' || !outcomeSet.has(outcome)) {
    throw new EventLineError(
      outcome === undefined ? 'has no "outcome" member' : `"outcome" ${JSON.stringify(outcome)} is not "success" or "failure"`,
    );
  }
  const prevHash = o.prev_hash;
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash)) {
    throw new EventLineError(prevHash === undefined ? 'has no "prev_hash" member' : '"prev_hash" is not 64 lowercase hex characters');
  }
  const hash = o.hash;
  if (typeof hash !== 'string' || !HEX64.test(hash)) {
    throw new EventLineError(hash === undefined ? 'has no "hash" member' : '"hash" is not 64 lowercase hex characters');
  }
  const mfa = typeof o.mfa === 'boolean' ? o.mfa : null;
  return {
    obj: o,
    prevHash,
    hash,
    fields: { seq, ts, tsMs, category, action, actorId, actorType, target: targetText(o.target), outcome, mfa },
  };
}

/** `target` is free-form in the format; keep a string an auditor can filter on. */
export function targetText(t: unknown): string | null {
  if (t === undefined || t === null) return null;
  if (typeof t === 'string') return t;
  if (typeof t === 'object' && !Array.isArray(t)) {
    const r = t as Record<string, unknown>;
    const parts = [r.type, r.id].filter((x) => typeof x === 'string' || typeof x === 'number');
    if (parts.length > 0) return parts.join(':');
  }
  return JSON.stringify(t);
}
