import { AppError } from '../errors';

/**
 * The one convention for a time range across `/v1/transactions`, `/v1/statements` and
 * camt.053: both bounds are inclusive. A date bound covers its whole UTC day (`from` its
 * first millisecond, `to` its last), an instant bound is itself included, so
 * `from=2026-11-01&to=2026-11-30` is November and `from=to=<instant>` is that instant.
 * Times in the index and on the ledger are whole milliseconds (toISOString), so the index's
 * exclusive comparison takes the millisecond after `to` (`exclusiveEnd`).
 */
export interface InclusiveRange {
    from: string;
    to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A date or an instant (with any zone the route's pattern admitted) as a UTC instant of whole milliseconds. */
export function boundInstant(value: string, field: 'from' | 'to'): string {
    const text = DATE.test(value) ? `${value}T${field === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
    const time = Date.parse(text);
    const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    // Date.parse rolls 30 February over into March; a bound must be a real day.
    const calendar = new Date(Date.UTC(year, month - 1, day));
    // It also reads 24:00 as the next midnight; a bound's clock must be a real time of day.
    const clock = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
    const clockValid = clock === null || (Number(clock[1]) < 24 && Number(clock[2]) < 60 && Number(clock[3] ?? '0') < 60);
    if (Number.isNaN(time) || !clockValid || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
        throw new AppError('VALIDATION_FAILED', `${field} is not a real date or time`, field);
    }
    return new Date(time).toISOString();
}

/** Both bounds, when given; `to` before `from` is refused (equal bounds are one instant, or one day). */
export function inclusiveRange(from: string | undefined, to: string | undefined): Partial<InclusiveRange> {
    const range = { from: from === undefined ? undefined : boundInstant(from, 'from'), to: to === undefined ? undefined : boundInstant(to, 'to') };
    if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
        throw new AppError('VALIDATION_FAILED', 'to must not be before from', 'to');
    }
    return range;
}

/** The first millisecond after an inclusive `to`: the bound of an exclusive `< ?` comparison. */
export function exclusiveEnd(to: string): string {
    return new Date(Date.parse(to) + 1).toISOString();
}
