import { fail } from './errors';
import { KEYED_OBJECTS } from './keys';
import { KeyModification, LedgerStore } from './store';

/** The audit trail of one ledger key: every committed value with its transaction and time. */
export async function keyHistory(store: LedgerStore, objectType: unknown, attributesJson: unknown): Promise<KeyModification[]> {
    if (typeof objectType !== 'string' || KEYED_OBJECTS[objectType] === undefined) {
        return fail('INVALID_ARGUMENT', `objectType must be one of ${Object.keys(KEYED_OBJECTS).join(', ')}`);
    }
    const attributes = parseAttributes(attributesJson);
    if (attributes.length !== KEYED_OBJECTS[objectType]) {
        fail('INVALID_ARGUMENT', `${objectType} keys have ${KEYED_OBJECTS[objectType]} attributes`);
    }
    return store.history(store.key(objectType, attributes));
}

function parseAttributes(text: unknown): string[] {
    let value: unknown;
    try {
        value = JSON.parse(String(text));
    } catch {
        return fail('INVALID_ARGUMENT', 'attributes is not valid JSON');
    }
    const valid = Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 128 && !item.includes('\u0000'));
    if (!valid) {
        fail('INVALID_ARGUMENT', 'attributes must be an array of 1-128 character strings');
    }
    return value as string[];
}
