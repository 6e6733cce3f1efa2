// Loading a rule pack (tickmark-rule-pack/1, docs/rule-packs.md): a built-in pack by id (resources/rule-packs/
// <id>.json) or any file. The file's bytes are kept with their SHA-256, so a run records exactly what ran.
// A JSON fault is refused with its line and column; a schema fault with the rule and member it is in.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { RuleDef, RulePack } from '../../../shared/analytics';
import { columnAt, faultOffset, lineAt } from '../../../shared/json-text';
import { rulePackFileSchema } from './pack-schema';
import { RulePackError } from './errors';

export interface LoadedRulePack {
  pack: RulePack;
  /** the file's text as read (UTF-8) */
  text: string;
  /** SHA-256 of the file's bytes, lowercase hex */
  sha256: string;
  /** "built-in:<id>" or the file's path */
  source: string;
}

let packDir: string | null = null;

/** Where the built-in packs are: set by the desktop app (its resources folder); else beside the sources. */
export function setRulePackDir(dir: string): void {
  packDir = dir;
}

export function rulePackDir(): string {
  if (packDir) return packDir;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(path.join(resources, 'rule-packs'))) return path.join(resources, 'rule-packs');
  return fileURLToPath(new URL('../../../resources/rule-packs/', import.meta.url));
}

/** The ids of the built-in packs. */
export function builtInRulePacks(): string[] {
  try {
    return readdirSync(rulePackDir())
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

const BUILT_IN_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** A built-in pack by id ("soc2-healthcare"), or a pack file by path (anything with a "/" or ending ".json"). */
export function loadRulePack(pathOrId: string): LoadedRulePack {
  const isId = BUILT_IN_ID.test(pathOrId) && !pathOrId.endsWith('.json');
  if (isId) {
    const file = path.join(rulePackDir(), `${pathOrId}.json`);
    if (!existsSync(file)) {
      const known = builtInRulePacks();
      throw new RulePackError(
        `There is no built-in rule pack "${pathOrId}" (built in: ${known.length ? known.join(', ') : 'none found'}); give a pack file's path instead.`,
        pathOrId,
      );
    }
    return { ...parseRulePack(readFileSync(file), file), source: `built-in:${pathOrId}` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(pathOrId);
  } catch (e) {
    throw new RulePackError(`Could not read the rule pack ${pathOrId}: ${(e as Error).message}`, pathOrId);
  }
  return parseRulePack(bytes, pathOrId);
}

/** Parse and validate a pack file's bytes; `file` names it in errors. */
export function parseRulePack(bytes: Uint8Array, file: string): LoadedRulePack {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RulePackError(`The rule pack ${file} is not UTF-8 text.`, file);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const at = faultOffset(body);
    const line = lineAt(body, at);
    const column = columnAt(body, at);
    const reason = (e as Error).message.replace(/\s+/g, ' ');
    throw new RulePackError(`The rule pack ${file} is not valid JSON at line ${line}, column ${column} (${reason}).`, file, line, column);
  }
  const parsed = rulePackFileSchema.safeParse(data);
  if (!parsed.success) throw new RulePackError(schemaMessage(file, data, parsed.error), file);
  const p = parsed.data;
  const rules: RuleDef[] = p.rules.map((r) => ({
    id: r.id,
    title: r.title,
    criteria: r.criteria,
    severity: r.severity,
    description: r.description,
    requires: r.requires ?? [],
    parameters: r.parameters,
    parameterDocs: r.parameterDocs,
    refs: r.refs,
    sql: Array.isArray(r.sql) ? r.sql.join('\n') : r.sql,
  }));
  return {
    pack: { format: p.format, id: p.id, title: p.title, version: p.version, description: p.description, rules },
    text,
    sha256,
    source: file,
  };
}

/** "rule 3 (cc6.1-actor-not-in-roster), member sql: …" for each of the first few issues. */
function schemaMessage(file: string, data: unknown, error: z.ZodError): string {
  const rules = (data as { rules?: unknown } | null)?.rules;
  const where = (p: readonly PropertyKey[]): string => {
    if (p[0] === 'rules' && typeof p[1] === 'number') {
      const r = Array.isArray(rules) ? (rules[p[1]] as { id?: unknown } | undefined) : undefined;
      const name = typeof r?.id === 'string' ? ` (${r.id})` : '';
      const member = p.slice(2).map(String).join('.');
      return `rule ${p[1] + 1}${name}${member ? `, member ${member}` : ''}`;
    }
    return p.length ? `member ${p.map(String).join('.')}` : 'the pack';
  };
  const issues = error.issues.slice(0, 5).map((i) => `${where(i.path)}: ${i.message}`);
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : '';
  return `The rule pack ${file} does not follow tickmark-rule-pack/1 (docs/rule-packs.md): ${issues.join('; ')}${more}.`;
}
