import { AppError } from '../errors';
import { isoDateTime } from './message-parts';
import {
    element,
    elements,
    envelopeProblems,
    HEADER_TYPE,
    namespaceOf,
    parseTrusted,
    text,
    toXml,
    type MessageType,
    type OutNode,
    type UncheckedType,
    type XmlNode,
} from './xml-document';

/**
 * The business application header (head.001.001.02) as CBPR+ uses it: who sends (Fr) and
 * who receives (To) as BICs, the business message id, the message definition and the
 * creation time. It travels beside the Document in an envelope; header and document must
 * agree, in what Corridor reads and in what it writes:
 *
 * | header | document |
 * | --- | --- |
 * | `MsgDefIdr` | the Document's namespace (the message type) |
 * | `BizMsgIdr` | `GrpHdr/MsgId` |
 * | `CreDt` | `GrpHdr/CreDtTm`, the same instant |
 * | `Fr` | pacs: `InstgAgt`; camt: the account servicer; pain.001: `GrpHdr/FwdgAgt` when named |
 * | `To` | pacs: `InstdAgt`; camt: the account servicer; pain.001: every `PmtInf/DbtrAgt` and the receiving bank |
 */

/** The envelope Corridor writes: no namespace of its own, the AppHdr then the Document. */
export const ENVELOPE_ELEMENT = 'Envelope';

/** The business service Corridor states in the headers it writes. */
export const BUSINESS_SERVICE = 'corridor.iso20022.01';

export interface HeaderParties {
    /** BIC of the sender and of the receiver. */
    from: string;
    to: string;
}

export interface HeaderFault {
    field: string;
    detail: string;
}

/** The Document's message element (e.g. `CstmrCdtTrfInitn`): the one child of Document. */
function messageOf(document: XmlNode): XmlNode | undefined {
    const name = Object.keys(document).find((key) => !key.startsWith('@') && key !== '#text');
    return name === undefined ? undefined : elements(document, name)[0];
}

function partyBic(party: XmlNode | undefined): string | undefined {
    return text(party, 'FIId', 'FinInstnId', 'BICFI');
}

function agentBic(agent: XmlNode | undefined): string | undefined {
    return text(agent, 'FinInstnId', 'BICFI');
}

/** The first element of that name anywhere below `node`, depth first in document order. */
function find(node: XmlNode | undefined, name: string): XmlNode | undefined {
    if (node === undefined) {
        return undefined;
    }
    const direct = elements(node, name)[0];
    if (direct !== undefined) {
        return direct;
    }
    for (const [key, value] of Object.entries(node)) {
        if (!Array.isArray(value) || key.startsWith('@')) {
            continue;
        }
        for (const child of value) {
            const found = typeof child === 'string' ? undefined : find(child, name);
            if (found !== undefined) {
                return found;
            }
        }
    }
    return undefined;
}

function sameInstant(a: string | undefined, b: string | undefined): boolean {
    if (a === undefined || b === undefined) {
        return false;
    }
    // Without a zone xs:dateTime is local to someone unknown: only the same text agrees.
    const zoned = (value: string): boolean => /(Z|[+-]\d{2}:\d{2})$/.test(value);
    return zoned(a) && zoned(b) ? Date.parse(a) === Date.parse(b) : a === b;
}

/** The senders and receivers a document implies, per message family; undefined where it implies none. */
export function impliedParties(type: MessageType | UncheckedType, document: XmlNode): { from?: string; to?: string[] } {
    const message = messageOf(document);
    if (type.startsWith('pacs.')) {
        const instructing = agentBic(find(message, 'InstgAgt'));
        const instructed = agentBic(find(message, 'InstdAgt'));
        return { ...(instructing !== undefined ? { from: instructing } : {}), ...(instructed !== undefined ? { to: [instructed] } : {}) };
    }
    if (type.startsWith('camt.')) {
        const servicer = agentBic(find(message, 'Svcr'));
        return servicer === undefined ? {} : { from: servicer };
    }
    if (type === 'pain.001.001.09') {
        const forwarding = agentBic(element(message, 'GrpHdr', 'FwdgAgt'));
        const debtorAgents = elements(message, 'PmtInf').map((block) => agentBic(element(block, 'DbtrAgt')) ?? '');
        return { ...(forwarding !== undefined ? { from: forwarding } : {}), to: debtorAgents };
    }
    return {};
}

/**
 * The first disagreement between a header and its document, in the table's order; `receiver`
 * is the BIC the message must be addressed to (the bank this gateway speaks for, on input).
 */
export function headerFault(type: MessageType | UncheckedType, header: XmlNode, document: XmlNode, receiver?: string): HeaderFault | undefined {
    const groupHeader = element(messageOf(document), 'GrpHdr');
    const definition = text(header, 'MsgDefIdr');
    if (definition !== type) {
        return { field: 'AppHdr/MsgDefIdr', detail: `states ${definition ?? 'nothing'}; the document is ${type}` };
    }
    const messageId = text(groupHeader, 'MsgId');
    if (text(header, 'BizMsgIdr') !== messageId) {
        return { field: 'AppHdr/BizMsgIdr', detail: `must be the document's GrpHdr/MsgId (${messageId ?? 'none'})` };
    }
    if (!sameInstant(text(header, 'CreDt'), text(groupHeader, 'CreDtTm'))) {
        return { field: 'AppHdr/CreDt', detail: `must be the document's GrpHdr/CreDtTm (${text(groupHeader, 'CreDtTm') ?? 'none'})` };
    }
    const from = partyBic(element(header, 'Fr'));
    const to = partyBic(element(header, 'To'));
    const implied = impliedParties(type, document);
    if (implied.from !== undefined && from !== implied.from) {
        return { field: 'AppHdr/Fr', detail: `the sender must be ${implied.from}, as the document states it` };
    }
    if (receiver !== undefined && to !== receiver) {
        return { field: 'AppHdr/To', detail: `the message must be addressed to ${receiver}, the bank that receives it` };
    }
    const otherReceiver = implied.to?.find((bic) => bic !== '' && bic !== to);
    if (otherReceiver !== undefined) {
        return { field: 'AppHdr/To', detail: `the document names ${otherReceiver} as the receiving agent; the header ${to ?? 'no BIC'}` };
    }
    return undefined;
}

/** Refuses a message whose header and document disagree. */
export function requireHeaderAgrees(type: MessageType, header: XmlNode, document: XmlNode, receiver: string | undefined): void {
    const fault = headerFault(type, header, document, receiver);
    if (fault !== undefined) {
        throw new AppError('ISO20022_INVALID', `${fault.field}: ${fault.detail}`, fault.field);
    }
}

/**
 * Wraps a produced Document in an envelope with its header, built from the document
 * itself (message id, creation time, the parties it implies unless given), checked to
 * agree with it and validated against head.001.001.02 and the document's XSD together.
 */
export async function withHeader(type: MessageType | UncheckedType, documentXml: string, parties?: Partial<HeaderParties>): Promise<string> {
    const document = elements(parseTrusted(documentXml), 'Document')[0];
    if (document === undefined) {
        throw new Error(`refusing to wrap ${type}: no Document`);
    }
    const groupHeader = element(messageOf(document), 'GrpHdr');
    const implied = impliedParties(type, document);
    const from = parties?.from ?? implied.from;
    const to = parties?.to ?? implied.to?.[0] ?? from;
    if (from === undefined || to === undefined) {
        throw new AppError('ISO20022_NOT_APPLICABLE', `the ${type} names no bank to state as its sender; it is produced without a header`, 'header');
    }
    const header: OutNode = {
        '@xmlns': namespaceOf(HEADER_TYPE),
        Fr: { FIId: { FinInstnId: { BICFI: from } } },
        To: { FIId: { FinInstnId: { BICFI: to } } },
        BizMsgIdr: text(groupHeader, 'MsgId') ?? '',
        MsgDefIdr: type,
        BizSvc: BUSINESS_SERVICE,
        CreDt: isoDateTime(text(groupHeader, 'CreDtTm') ?? ''),
    };
    const body = documentXml.replace(/^<\?xml[^>]*\?>\s*/, '');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${ENVELOPE_ELEMENT}>\n${toXml('AppHdr', header)}${body.trimEnd()}\n</${ENVELOPE_ELEMENT}>\n`;
    const [problem] = await envelopeProblems(type, { local: ENVELOPE_ELEMENT, namespace: undefined }, xml);
    if (problem !== undefined) {
        throw new Error(`refusing to produce ${type} with its header: ${problem.element}: ${problem.detail}`);
    }
    const fault = headerFault(type, elements(elements(parseTrusted(xml), ENVELOPE_ELEMENT)[0], 'AppHdr')[0] ?? {}, document);
    if (fault !== undefined) {
        throw new Error(`refusing to produce ${type} with its header: ${fault.field}: ${fault.detail}`);
    }
    return xml;
}
