import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CorridorError } from './errors.js';

/**
 * ISO 20022 messages as plain objects. Every value stays the string the message holds:
 * an amount parsed as a JavaScript number would lose cents past 2^53 and the
 * difference between "10.5" and "10.50". Attributes (Ccy="EUR") become `@Ccy`, an
 * element with attributes keeps its text under `#text`, and namespace prefixes go.
 */

export type IsoMessageType = 'pain.001' | 'pain.002' | 'pacs.008' | 'pacs.002' | 'pacs.004' | 'camt.052' | 'camt.053' | 'camt.054';

export interface IsoElement {
    [name: string]: IsoValue;
}
export type IsoValue = string | IsoElement | IsoValue[];

export interface IsoMessage {
    /** The full message definition id from the namespace, e.g. "pacs.008.001.08". */
    definition: string;
    /** The business area and message, e.g. "pacs.008". */
    type: string;
    /** The root element inside Document, e.g. FIToFICstmrCdtTrf. */
    root: string;
    /** That element's content. */
    body: IsoElement;
    /** The business application header (AppHdr), when the message carries one. */
    header?: IsoElement;
}

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Only the five predefined entities and character references: a DTD is refused before parsing.
    processEntities: true,
});
const namespaceParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false, parseTagValue: false });
const DEFINITION = /urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})/;

/** Parses a message, bare (Document) or with its header (an envelope holding AppHdr and Document). */
export function parseIsoMessage(xml: string): IsoMessage {
    const tree = parseTree(xml);
    const { document, header } = locate(tree);
    if (document === undefined) {
        throw new CorridorError('RESPONSE_INVALID', 0, 'the XML holds no ISO 20022 Document');
    }
    const root = Object.keys(document).find((name) => !name.startsWith('@'));
    const definition = DEFINITION.exec(namespaceOf(xml))?.[1];
    if (root === undefined || definition === undefined) {
        throw new CorridorError('RESPONSE_INVALID', 0, 'the Document names no ISO 20022 message definition');
    }
    const body = document[root];
    return {
        definition,
        type: definition.slice(0, 8),
        root,
        body: typeof body === 'object' && !Array.isArray(body) ? body : {},
        ...(header !== undefined ? { header } : {}),
    };
}

/** The element at a path of names, e.g. at(msg.body, 'GrpHdr', 'MsgId'); undefined when absent. */
export function at(element: IsoValue | undefined, ...path: string[]): IsoValue | undefined {
    let current = element;
    for (const name of path) {
        if (current === undefined || typeof current === 'string' || Array.isArray(current)) {
            return undefined;
        }
        current = current[name];
    }
    return current;
}

/** The text at a path, whether the element has attributes (`#text`) or not. */
export function textAt(element: IsoValue | undefined, ...path: string[]): string | undefined {
    const value = at(element, ...path);
    if (typeof value === 'string') {
        return value;
    }
    const text = value !== undefined && !Array.isArray(value) ? value['#text'] : undefined;
    return typeof text === 'string' ? text : undefined;
}

/** Elements that may repeat (transactions, entries) as a list, whether the message held one or several. */
export function listAt(element: IsoValue | undefined, ...path: string[]): IsoValue[] {
    const value = at(element, ...path);
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function parseTree(xml: string): IsoElement {
    // A DTD can declare entities that expand without bound; ISO 20022 messages never carry one.
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
        throw new CorridorError('RESPONSE_INVALID', 0, 'the XML declares a DTD, which ISO 20022 messages never do');
    }
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- its replacement is a separate package not installed here; the parser alone accepts malformed XML silently
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
        throw new CorridorError('RESPONSE_INVALID', 0, `the XML is not well formed: ${valid.err.msg} (line ${valid.err.line})`);
    }
    return parser.parse(xml) as IsoElement;
}

/** Document and AppHdr wherever they sit: at the top, or one level down in an envelope. */
function locate(tree: IsoElement): { document?: IsoElement; header?: IsoElement } {
    const candidates = [tree, ...Object.values(tree).filter((value): value is IsoElement => typeof value === 'object' && !Array.isArray(value))];
    const found: { document?: IsoElement; header?: IsoElement } = {};
    for (const candidate of candidates) {
        const document = candidate.Document;
        const header = candidate.AppHdr;
        if (found.document === undefined && typeof document === 'object' && !Array.isArray(document)) {
            found.document = document;
        }
        if (found.header === undefined && typeof header === 'object' && !Array.isArray(header)) {
            found.header = header;
        }
    }
    return found;
}

/** The Document's namespace, which names the message definition. */
function namespaceOf(xml: string): string {
    const tree = namespaceParser.parse(xml) as Record<string, unknown>;
    const seek = (value: unknown, depth: number): string | undefined => {
        if (typeof value !== 'object' || value === null || depth > 3) {
            return undefined;
        }
        for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
            if (/(^|:)Document$/.test(name) && typeof child === 'object' && child !== null) {
                const attributes = Object.entries(child as Record<string, unknown>).filter(([key]) => key.startsWith('@xmlns'));
                const urn = attributes.map(([, v]) => String(v)).find((v) => DEFINITION.test(v));
                if (urn !== undefined) {
                    return urn;
                }
            }
            const deeper = seek(child, depth + 1);
            if (deeper !== undefined) {
                return deeper;
            }
        }
        return undefined;
    };
    return seek(tree, 0) ?? '';
}
