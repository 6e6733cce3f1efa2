// An audit message's XML read safely into a small element tree, with fast-xml-parser (v5) doing the parsing.
// The message comes from whoever can reach the log, so it is treated as hostile (OWASP XXE Prevention):
//   - a document type declaration or any markup declaration (<!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST,
//     <!NOTATION — any "<!" but a comment or CDATA) refuses the message before the parser sees it: no DTD is
//     read, no entity is defined, nothing external is fetched — an XXE attempt is refused, never resolved;
//   - the parser expands nothing (processEntities off); references are decoded here, and only the five XML
//     predefined entities (&lt; &gt; &amp; &quot; &apos;) and character references to XML characters are
//     accepted: any other &name; is an undeclared entity, which makes the message not well-formed (XML 1.0 §4.1);
//   - size and depth are bounded (MAX_XML_BYTES, MAX_DEPTH), the text must be UTF-8 with XML 1.0 characters
//     only, an encoding declaration other than UTF-8 is refused, and there is exactly one root element.
// Well-formedness is checked by fast-xml-parser's validator, whose error names the line and column in the
// message. Problems are values: { line, column, message }, line and column 1-based within the XML text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attrs: ReadonlyMap<string, string>;
  children: readonly XmlElement[];
  /** the element's own character data (text and CDATA, references decoded), not that of its children */
  text: string;
}

export interface XmlProblem {
  line: number;
  column: number;
  message: string;
}

export type XmlResult = { ok: true; root: XmlElement } | { ok: false; problem: XmlProblem };

export const MAX_XML_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** any "<!" that does not open a comment or a CDATA section: a markup declaration (DOCTYPE, ENTITY, ELEMENT,
 *  ATTLIST, NOTATION), or something the parser might take for one */
const DECLARATION = /<!(?!--|\[CDATA\[)([A-Za-z]*)/;
// XML 1.0 §2.2 Char, less what a JS string cannot hold unpaired
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const ENCODING = /^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: MAX_DEPTH,
});

/** 1-based line and column of index `i` in `s`. */
function position(s: string, i: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = s.indexOf('\n'); k !== -1 && k < i; k = s.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: i - lineStart + 1 };
}

const at = (s: string, i: number, message: string): XmlResult => ({ ok: false, problem: { ...position(s, i), message } });

/** Decode the references in character data or an attribute value; a reference that is not allowed is an Error. */
function decodeRefs(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s<]{0,32});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new RefError(`an "&" that starts no reference (${JSON.stringify(whole.slice(0, 12))}); XML writes it as &amp;`);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined && Object.hasOwn(PREDEFINED, name)) return predefined;
    const num = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (num) {
      const cp = num[1] !== undefined ? parseInt(num[1], 16) : Number(num[2]);
      const ch = cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      if (ch === '' || NOT_XML_CHAR.test(ch) || (cp >= 0xd800 && cp <= 0xdfff))
        throw new RefError(`the character reference &${name}; names no XML character`);
      return ch;
    }
    throw new RefError(`the entity reference &${name}; names no entity XML predefines (lt, gt, amp, quot, apos); Tickmark expands no other entity`);
  });
}

class RefError extends Error {}

type Ordered = Record<string, unknown>;

/** fast-xml-parser's ordered output → XmlElement; references decoded as it goes. */
function toElement(node: Ordered, depth: number): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name === '#text' || name === '#cdata') return null;
  const attrs = new Map<string, string>();
  const rawAttrs = node[':@'] as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(rawAttrs ?? {})) attrs.set(k, decodeRefs(String(v)));
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as Ordered[] | undefined) ?? []) {
    if ('#text' in child) text += decodeRefs(String(child['#text']));
    else if ('#cdata' in child) text += ((child['#cdata'] as Ordered[])[0]?.['#text'] as string | undefined) ?? '';
    else {
      const el = toElement(child, depth + 1);
      if (el !== null) children.push(el);
    }
  }
  return { name, attrs, children, text };
}

export function parseXml(xml: string): XmlResult {
  if (xml.length > MAX_XML_BYTES) return at(xml, 0, `the XML is ${xml.length} characters long; audit messages over ${MAX_XML_BYTES} are not read`);
  const decl = DECLARATION.exec(xml);
  if (decl)
    return at(
      xml,
      decl.index,
      `the XML holds a <!${decl[1]!.toUpperCase()} declaration; a DTD or entity declaration is how an XML external entity (XXE) attack is made, so the message is refused, not read`,
    );
  const badChar = NOT_XML_CHAR.exec(xml);
  if (badChar)
    return at(
      xml,
      badChar.index,
      `the XML holds the character U+${badChar[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 does not allow`,
    );
  const enc = ENCODING.exec(xml);
  if (enc && !/^utf-?8$/i.test(enc[1]!))
    return at(xml, 0, `the XML declares the encoding ${JSON.stringify(enc[1])}; audit messages are read as UTF-8 only`);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true)
    return { ok: false, problem: { line: valid.err.line, column: valid.err.col, message: `the XML is not well-formed: ${valid.err.msg}` } };
  let ordered: Ordered[];
  try {
    ordered = parser.parse(xml) as Ordered[];
  } catch (e) {
    return at(xml, 0, `the XML could not be read: ${(e as Error).message}`);
  }
  try {
    const roots: XmlElement[] = [];
    for (const node of ordered) {
      if ('#text' in node) {
        if (String(node['#text']).trim() !== '') return at(xml, 0, 'the XML has text outside its root element');
        continue;
      }
      const el = toElement(node, 0);
      if (el !== null) roots.push(el);
    }
    if (roots.length !== 1)
      return at(xml, 0, roots.length === 0 ? 'the XML has no root element' : `the XML has ${roots.length} root elements; a document has one`);
    return { ok: true, root: roots[0]! };
  } catch (e) {
    if (!(e instanceof RefError)) throw e;
    // the reference's place: the first "&" whose reference is refused
    const i = refusedRefIndex(xml);
    return at(xml, i, `the XML holds ${e.message}`);
  }
}

/** The index of the first "&" in `xml` that decodeRefs refuses (outside comments and CDATA), else 0. */
function refusedRefIndex(xml: string): number {
  const skip = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g;
  let m: RegExpExecArray | null;
  let from = 0;
  const check = (to: number): number => {
    for (let i = xml.indexOf('&', from); i !== -1 && i < to; i = xml.indexOf('&', i + 1)) {
      try {
        decodeRefs(/^&[^;&\s<]{0,32};?/.exec(xml.slice(i, i + 40))![0]);
      } catch {
        return i;
      }
    }
    return -1;
  };
  while ((m = skip.exec(xml)) !== null) {
    const found = check(m.index);
    if (found !== -1) return found;
    from = m.index + m[0].length;
  }
  const found = check(xml.length);
  return found === -1 ? 0 : found;
}
