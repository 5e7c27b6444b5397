import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { AppError } from '../errors';
import { isValidBic, isValidIban } from './identifiers';

/**
 * The one way XML enters and leaves Corridor. Input passes, in this order: a size
 * limit, strict UTF-8, a refusal of every DTD, entity declaration and processing
 * instruction (so no external entity, no entity expansion and no XML bomb reaches a
 * parser), the official XSD (libxml2 compiled to WebAssembly: it runs in a worker with
 * an in-memory file system and no network), and only then a parse into plain objects.
 * Output is built from plain objects and checked against the same XSD before it leaves.
 */

export const MESSAGE_TYPES = ['pain.001.001.09', 'pacs.008.001.08', 'pacs.002.001.10', 'pacs.004.001.09', 'camt.053.001.08', 'camt.054.001.08'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
/** The business application header that travels beside a Document. */
export const HEADER_TYPE = 'head.001.001.02';
/**
 * Messages Corridor writes whose official XSD is not in the schema set it carries (see
 * README.md): checked as well-formed XML with valid identifiers, never against an
 * invented schema.
 */
export const UNCHECKED_TYPES = ['pain.002.001.10', 'camt.052.001.08'] as const;
export type UncheckedType = (typeof UNCHECKED_TYPES)[number];
export type SchemaType = MessageType | typeof HEADER_TYPE;
export const SCHEMA_TYPES: readonly SchemaType[] = [...MESSAGE_TYPES, HEADER_TYPE];

/** Largest XML document accepted, in bytes (a pain.001 of the maximum 100 transactions is about 150 KiB). */
export const MAX_XML_BYTES = 512 * 1024;

export function namespaceOf(type: SchemaType | UncheckedType): string {
    return `urn:iso:std:iso:20022:tech:xsd:${type}`;
}

/** A parsed element: every child is an array (repetition is never guessed), attributes are `@name`. */
export interface XmlNode { [name: string]: XmlValue[] | string | undefined; '#text'?: string }
export type XmlValue = XmlNode | string;

const XSD_DIR = [join(__dirname, 'xsd'), join(__dirname, '..', '..', '..', 'src', 'iso20022', 'xsd')].find((dir) => existsSync(dir));
const schemas = new Map<SchemaType, string>();

function schemaText(type: SchemaType): string {
    let text = schemas.get(type);
    if (text === undefined) {
        if (XSD_DIR === undefined) {
            throw new Error('ISO 20022 schemas not found beside the gateway');
        }
        text = readFileSync(join(XSD_DIR, `${type}.xsd`), 'utf8');
        schemas.set(type, text);
    }
    return text;
}

/** Size, encoding and forbidden constructs; returns the document text. */
export function guardXml(input: Buffer | string): string {
    const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.length;
    if (bytes > MAX_XML_BYTES) {
        throw new AppError('PAYLOAD_TOO_LARGE', `the XML document has ${bytes} bytes; at most ${MAX_XML_BYTES} are accepted`, 'Document');
    }
    let text: string;
    try {
        text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
        throw new AppError('XML_MALFORMED', 'the document is not valid UTF-8', 'Document');
    }
    text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') {
        throw new AppError('XML_MALFORMED', 'the document is empty', 'Document');
    }
    const declared = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
    if (declared !== undefined && declared.toUpperCase() !== 'UTF-8') {
        throw new AppError('XML_MALFORMED', `encoding ${declared.slice(0, 20)} is not accepted; send UTF-8`, 'Document');
    }
    for (const [pattern, construct] of FORBIDDEN) {
        if (pattern.test(text)) {
            throw new AppError('XML_UNSAFE', `${construct} is not accepted in ISO 20022 messages`, construct);
        }
    }
    return text;
}

const FORBIDDEN: readonly [RegExp, string][] = [
    [/<!DOCTYPE/i, '!DOCTYPE'],
    [/<!ENTITY/i, '!ENTITY'],
    [/<!(ELEMENT|ATTLIST|NOTATION)/i, 'DTD declaration'],
    // The XML declaration may open the document; no other processing instruction is accepted.
    [/<\?(?!xml[\s?])|(?<!^)<\?xml[\s?]/i, 'processing instruction'],
    [/http:\/\/www\.w3\.org\/2001\/XInclude/, 'XInclude'],
];

export interface SchemaProblem {
    code: 'XML_MALFORMED' | 'XML_SCHEMA_INVALID';
    element: string;
    line: number | undefined;
    detail: string;
}

/** Validates against the official XSD; an empty list means valid. */
export async function schemaProblems(type: MessageType, xml: string): Promise<SchemaProblem[]> {
    return validated(xml, { fileName: `${type}.xsd`, contents: schemaText(type) }, []);
}

/**
 * Validates an envelope holding an AppHdr and a Document of `type`: a schema made for the
 * envelope's root (its name and namespace as sent) imports the two official ones, so
 * libxml2 checks the header and the document each against its own XSD in one pass. A
 * document type without an XSD here is left unchecked inside a checked envelope.
 */
export async function envelopeProblems(type: MessageType | UncheckedType, root: RootTag, xml: string): Promise<SchemaProblem[]> {
    const checked = (MESSAGE_TYPES as readonly string[]).includes(type);
    const document = checked
        ? `<xs:import namespace="${namespaceOf(type)}" schemaLocation="${type}.xsd"/>`
        : '';
    const documentElement = checked ? '<xs:element ref="d:Document"/>' : `<xs:any namespace="${namespaceOf(type)}" processContents="skip"/>`;
    const target = root.namespace === undefined ? '' : ` targetNamespace="${escapeAttribute(root.namespace)}"`;
    const schema = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:h="${namespaceOf(HEADER_TYPE)}" xmlns:d="${namespaceOf(type)}"${target} elementFormDefault="qualified">
<xs:import namespace="${namespaceOf(HEADER_TYPE)}" schemaLocation="${HEADER_TYPE}.xsd"/>${document}
<xs:element name="${root.local}"><xs:complexType><xs:sequence><xs:element ref="h:AppHdr"/>${documentElement}</xs:sequence></xs:complexType></xs:element>
</xs:schema>`;
    const preload = [{ fileName: `${HEADER_TYPE}.xsd`, contents: schemaText(HEADER_TYPE) }];
    if (checked) {
        preload.push({ fileName: `${type}.xsd`, contents: schemaText(type as MessageType) });
    }
    return validated(xml, { fileName: 'envelope.xsd', contents: schema }, preload);
}

function escapeAttribute(value: string): string {
    return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function validated(xml: string, schema: { fileName: string; contents: string }, preload: { fileName: string; contents: string }[]): Promise<SchemaProblem[]> {
    const result = await validateXML({ xml: [{ fileName: 'message.xml', contents: xml }], schema: [schema], preload });
    if (result.valid) {
        return [];
    }
    const problems = result.errors.map(toProblem);
    return problems.length > 0 ? problems : [{ code: 'XML_MALFORMED', element: 'Document', line: undefined, detail: 'the document could not be read' }];
}

function toProblem(error: { message: string; loc: { lineNumber: number } | null }): SchemaProblem {
    const malformed = /parser error/i.test(error.message);
    const element = /Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '([^']+)')?/.exec(error.message);
    const tag = /(?:tag mismatch: |Opening and ending tag mismatch: |StartTag: invalid element name|Extra content at the end of the document)(\S*)/.exec(error.message);
    const name = element !== null ? (element[2] !== undefined ? `${element[1]}/@${element[2]}` : element[1]) : tag?.[1] || 'Document';
    const detail = error.message
        .replace(/^.*?(Schemas validity error|parser error) : /, '')
        .replace(/\{urn:iso:std:iso:20022:tech:xsd:[^}]+\}/g, '')
        .slice(0, 300);
    return { code: malformed ? 'XML_MALFORMED' : 'XML_SCHEMA_INVALID', element: name ?? 'Document', line: error.loc?.lineNumber, detail };
}

/**
 * Root elements that carry an AppHdr and its Document side by side, as banks exchange
 * ISO 20022 (SWIFT MX and CBPR+ traffic): the `Envelope` of most messaging products, the
 * ISO 20022 business message envelope `BizMsgEnvlp`, SWIFTNet InterAct's `RequestPayload`
 * and the `BusinessMessage` some market infrastructures use. Any namespace.
 */
export const ENVELOPES = ['Envelope', 'BizMsgEnvlp', 'RequestPayload', 'BusinessMessage'] as const;

/** The root element as sent: its local name and namespace. */
export interface RootTag {
    local: string;
    namespace: string | undefined;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
const ROOT_TAG = new RegExp(`^(?:\\s|<\\?xml[^>]*\\?>|<!--[\\s\\S]*?-->)*<(?:(${NAME}):)?(${NAME})((?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*/?>`);
/** A namespace name this gateway puts into an envelope schema: a URI, nothing that could end the attribute. */
const NAMESPACE = /^[A-Za-z0-9:/._#?=&%+~-]{1,200}$/;

export function rootTagOf(text: string): RootTag | undefined {
    const match = ROOT_TAG.exec(text);
    if (match === null) {
        return undefined;
    }
    const [, prefix, local = '', attributes = ''] = match;
    const declaration = new RegExp(`\\sxmlns${prefix === undefined ? '' : `:${prefix}`}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
    const namespace = declaration === null ? undefined : (declaration[1] ?? declaration[2]);
    return { local, namespace: namespace === '' ? undefined : namespace };
}

/** A message as read: its Document, and the AppHdr when it came in an envelope. */
export interface BusinessMessage {
    document: XmlNode;
    header: XmlNode | undefined;
}

/**
 * Input: guarded, schema-valid, parsed; a bare Document or an envelope of AppHdr and
 * Document. Identifiers are checked everywhere unless `identifiers` is `'caller'`: then
 * the caller checks them where it can refuse one item rather than the message.
 * Throws an AppError naming the element.
 */
export async function readBusinessMessage(type: MessageType, input: Buffer | string, identifiers: 'all' | 'caller' = 'all'): Promise<BusinessMessage> {
    const text = guardXml(input);
    const root = rootTagOf(text);
    const enveloped = root !== undefined && (ENVELOPES as readonly string[]).includes(root.local);
    if (root !== undefined && enveloped && root.namespace !== undefined && !NAMESPACE.test(root.namespace)) {
        throw new AppError('XML_SCHEMA_INVALID', `${root.local}: the envelope's namespace is not a plain URI`, root.local);
    }
    if (root !== undefined && root.local !== 'Document' && !enveloped) {
        throw new AppError('XML_SCHEMA_INVALID', `${root.local}: the root must be Document, or an envelope (${ENVELOPES.join(', ')}) holding AppHdr and Document`, root.local);
    }
    const [first] = enveloped ? await envelopeProblems(type, root, text) : await schemaProblems(type, text);
    if (first !== undefined) {
        const where = first.line !== undefined ? ` (line ${first.line})` : '';
        throw new AppError(first.code, `${first.element}${where}: ${first.detail}`, first.element);
    }
    const parsed = parser.parse(text) as XmlNode;
    const envelope = enveloped ? elements(parsed, root.local)[0] : undefined;
    const document = elements(envelope ?? parsed, 'Document')[0];
    if (document === undefined) {
        throw new AppError('XML_MALFORMED', 'the root element must be Document', 'Document');
    }
    const header = envelope === undefined ? undefined : elements(envelope, 'AppHdr')[0];
    const bad = identifiers === 'all' ? badIdentifier(document, 'Document') : undefined;
    const badHeader = header === undefined ? undefined : badIdentifier(header, 'AppHdr');
    const found = badHeader ?? bad;
    if (found !== undefined) {
        throw new AppError('ISO20022_INVALID', `${found.path}: ${found.value.slice(0, 40)} is not a valid ${found.kind}`, found.path);
    }
    return { document, header };
}

/** Reads our own produced XML back (already validated): for tests and for the header of an outgoing message. */
export function parseTrusted(xml: string): XmlNode {
    return parser.parse(xml) as XmlNode;
}

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Only reached after the guard refused every DTD and libxml2 refused undeclared
    // entities, so this decodes only &lt; &gt; &amp; &quot; &apos; and character references.
    processEntities: true,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- its replacement (entityDecoder) comes with the parser's next major; same decoding until then
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (_name: string, _path: unknown, _leaf: boolean, attribute: boolean) => !attribute,
});

export function elements(node: XmlNode | undefined, name: string): XmlNode[] {
    const value = node?.[name];
    if (!Array.isArray(value)) {
        return [];
    }
    return value.map((item) => (typeof item === 'string' ? { '#text': item } : item));
}

export function element(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
    let current = node;
    for (const name of path) {
        current = elements(current, name)[0];
    }
    return current;
}

/** Text of the element at `path` below `node`, or undefined. */
export function text(node: XmlNode | undefined, ...path: string[]): string | undefined {
    const target = element(node, ...path);
    const value = target?.['#text'];
    return target === undefined ? undefined : typeof value === 'string' ? value : '';
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
    const value = node?.[`@${name}`];
    return typeof value === 'string' ? value : undefined;
}

const BIC_ELEMENTS = new Set(['BICFI', 'AnyBIC', 'BIC', 'BICOrBEI']);

/** The first IBAN or BIC anywhere in the tree that fails its check, with its path. */
export function badIdentifier(node: XmlNode, path: string): { path: string; value: string; kind: 'IBAN' | 'BIC' } | undefined {
    for (const [name, value] of Object.entries(node)) {
        if (!Array.isArray(value)) {
            continue;
        }
        for (const [index, child] of value.entries()) {
            const childPath = value.length > 1 ? `${path}/${name}[${index + 1}]` : `${path}/${name}`;
            const content = typeof child === 'string' ? child : child['#text'];
            if (name === 'IBAN' && typeof content === 'string' && !isValidIban(content)) {
                return { path: childPath, value: content, kind: 'IBAN' };
            }
            if (BIC_ELEMENTS.has(name) && typeof content === 'string' && !isValidBic(content)) {
                return { path: childPath, value: content, kind: 'BIC' };
            }
            const found = typeof child === 'string' ? undefined : badIdentifier(child, childPath);
            if (found !== undefined) {
                return found;
            }
        }
    }
    return undefined;
}

/** An element to build: children in schema order, `@name` for attributes, `#text` for content. */
export interface OutNode { [name: string]: OutValue | OutValue[] | undefined }
export type OutValue = OutNode | string;

// eslint-disable-next-line @typescript-eslint/no-deprecated -- moving to the separate fast-xml-builder package is a dependency change of its own
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });

/**
 * Builds a message, checks every IBAN and BIC in it, and validates it against its XSD.
 * Nothing that fails leaves: a failure here is a bug in Corridor, not in the request.
 */
export async function writeMessage(type: MessageType, body: OutNode): Promise<string> {
    const document: OutNode = { '@xmlns': namespaceOf(type), ...body };
    const bad = badIdentifier(toXmlNode(document), 'Document');
    if (bad !== undefined) {
        throw new Error(`refusing to produce ${type}: ${bad.path} is not a valid ${bad.kind}`);
    }
    const xml = builder.build({ '?xml': { '@version': '1.0', '@encoding': 'UTF-8' }, Document: pruned(document) });
    const [first] = await schemaProblems(type, xml);
    if (first !== undefined) {
        throw new Error(`refusing to produce ${type}: ${first.element}: ${first.detail}`);
    }
    return xml;
}

/**
 * Builds a message whose official XSD Corridor does not carry (UNCHECKED_TYPES): checked
 * as well-formed with every IBAN and BIC valid, and nothing more. Never an invented schema.
 */
export function writeUncheckedMessage(type: UncheckedType, body: OutNode): string {
    const document: OutNode = { '@xmlns': namespaceOf(type), ...body };
    const bad = badIdentifier(toXmlNode(document), 'Document');
    if (bad !== undefined) {
        throw new Error(`refusing to produce ${type}: ${bad.path} is not a valid ${bad.kind}`);
    }
    const xml = builder.build({ '?xml': { '@version': '1.0', '@encoding': 'UTF-8' }, Document: pruned(document) });
    const wellFormed = XMLValidator.validate(xml);
    if (wellFormed !== true) {
        throw new Error(`refusing to produce ${type}: ${wellFormed.err.msg}`);
    }
    return xml;
}

function toXmlNode(node: OutNode): XmlNode {
    const out: XmlNode = {};
    for (const [name, value] of Object.entries(node)) {
        if (value === undefined || name.startsWith('@')) {
            continue;
        }
        if (name === '#text') {
            out['#text'] = value as string;
            continue;
        }
        const items = Array.isArray(value) ? value : [value];
        out[name] = items.map((item) => (typeof item === 'string' ? item : toXmlNode(item)));
    }
    return out;
}

/** Drops absent optional elements, so the builder never writes "undefined". */
function pruned(node: OutNode): OutNode {
    const out: OutNode = {};
    for (const [name, value] of Object.entries(node)) {
        if (value === undefined) {
            continue;
        }
        out[name] = Array.isArray(value)
            ? value.map((item) => (typeof item === 'string' ? item : pruned(item)))
            : typeof value === 'string'
              ? value
              : pruned(value);
    }
    return out;
}

/** One element as XML text, without a declaration: a part of a message assembled by the caller. */
export function toXml(name: string, node: OutNode): string {
    return builder.build({ [name]: pruned(node) });
}
