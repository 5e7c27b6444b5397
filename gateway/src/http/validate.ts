import type Joi from 'joi';
import { AppError } from '../errors';

/**
 * Validates one part of a request; the first problem is reported with its field path,
 * or, for a lone value such as a path parameter, with the schema's label.
 */
export function validate<T>(schema: Joi.Schema<T>, value: unknown): T {
    if (value === undefined && schema.type === 'object') {
        // express.json leaves req.body undefined for any other content type.
        throw new AppError('VALIDATION_FAILED', 'a JSON body is required: send it with Content-Type: application/json', 'body');
    }
    const polluting = prototypeKey(value, []);
    if (polluting !== undefined) {
        // Joi drops a __proto__ key without a word; refuse it rather than accept a body it never read.
        throw new AppError('VALIDATION_FAILED', `${polluting} is not allowed`, polluting);
    }
    const result = schema.validate(value, { abortEarly: true, convert: false });
    const { error } = result;
    if (error) {
        const detail = error.details[0];
        const label = detail?.context?.label;
        const field = detail === undefined ? undefined : detail.path.length > 0 ? detail.path.join('.') : label !== undefined && label !== 'value' ? label : undefined;
        throw new AppError('VALIDATION_FAILED', detail?.message ?? error.message, field);
    }
    return result.value;
}

/** The path of the first own __proto__ key anywhere in a parsed JSON value. */
function prototypeKey(value: unknown, path: string[]): string | undefined {
    if (typeof value !== 'object' || value === null) {
        return undefined;
    }
    for (const key of Object.keys(value)) {
        const here = [...path, key];
        const found = key === '__proto__' ? here.join('.') : prototypeKey((value as Record<string, unknown>)[key], here);
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}
