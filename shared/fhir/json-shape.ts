// Typed reads of a parsed FHIR JSON resource: each accessor names the member it reads (a FHIRPath-like path
// such as "agent[1].who.reference"), so a resource of the wrong shape is refused with the member at fault
// rather than mapped to a silently empty field. An absent member is null; a member of the wrong JSON type
// throws FhirShapeError, which the mapper turns into a typed problem value.

export type Obj = Record<string, unknown>;

export class FhirShapeError extends Error {
  override name = 'FhirShapeError';
  constructor(
    readonly member: string,
    message: string,
  ) {
    super(message);
  }
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object at `o[key]`, or null when absent. */
export function objAt(o: Obj, key: string, path: string): Obj | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw new FhirShapeError(path, `has ${path} that is not a JSON object`);
  return v;
}

/** The array at `o[key]` (FHIR writes repeating elements as arrays, even of one), or [] when absent. */
export function arrAt(o: Obj, key: string, path: string): unknown[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FhirShapeError(path, `has ${path} that is not a JSON array (FHIR writes a repeating element as an array)`);
  return v;
}

/** The objects of the array at `o[key]`, each checked. */
export function objsAt(o: Obj, key: string, path: string): Obj[] {
  return arrAt(o, key, path).map((v, i) => {
    if (!isObj(v)) throw new FhirShapeError(`${path}[${i}]`, `has ${path}[${i}] that is not a JSON object`);
    return v;
  });
}

/** The non-empty string at `o[key]`, or null when absent (FHIR forbids empty strings, so "" is refused). */
export function strAt(o: Obj, key: string, path: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new FhirShapeError(path, `has ${path} that is not a string`);
  if (v === '') throw new FhirShapeError(path, `has an empty string at ${path}, which FHIR does not allow`);
  return v;
}

export function boolAt(o: Obj, key: string, path: string): boolean | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw new FhirShapeError(path, `has ${path} that is not true or false`);
  return v;
}

/** A Coding's code, with its system: { system, code } or null when it has no code. */
export interface Code {
  system: string | null;
  code: string;
}

export function codingOf(c: Obj, path: string): Code | null {
  const code = strAt(c, 'code', `${path}.code`);
  return code === null ? null : { system: strAt(c, 'system', `${path}.system`), code };
}

/** The codes of a CodeableConcept (its coding[]). */
export function conceptCodes(cc: Obj, path: string): Code[] {
  return objsAt(cc, 'coding', `${path}.coding`)
    .map((c, i) => codingOf(c, `${path}.coding[${i}]`))
    .filter((c): c is Code => c !== null);
}

/**
 * What a Reference names: its literal reference ("Patient/123", an absolute URL), else its logical
 * identifier's value, else its display text; null when it names nothing.
 */
export function referenceText(ref: Obj, path: string): string | null {
  const literal = strAt(ref, 'reference', `${path}.reference`);
  if (literal !== null) return literal;
  const id = objAt(ref, 'identifier', `${path}.identifier`);
  const value = id === null ? null : strAt(id, 'value', `${path}.identifier.value`);
  return value ?? strAt(ref, 'display', `${path}.display`);
}

/** The resource type a Reference points at: from "Type/id" (or a URL ending in it), else Reference.type. */
export function referenceType(ref: Obj, path: string): string | null {
  const literal = strAt(ref, 'reference', `${path}.reference`);
  const m = literal === null ? null : /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(literal);
  if (m) return m[1]!;
  const type = strAt(ref, 'type', `${path}.type`);
  // Reference.type is a URI; the core resource types are written relative ("Practitioner")
  return type === null ? null : type.slice(type.lastIndexOf('/') + 1);
}
