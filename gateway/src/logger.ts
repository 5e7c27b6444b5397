import winston from 'winston';

/** Fields whose values never reach a log line, whatever their nesting. */
const SECRET_FIELDS = /^(authorization|password|passcode|code|token|secret|key|privatekey|apikey|cookie)$/i;

const redact = winston.format((info) => {
    for (const [field, value] of Object.entries(info)) {
        if (SECRET_FIELDS.test(field) && value !== undefined) {
            info[field] = '[redacted]';
        }
    }
    return info;
});

export type Logger = winston.Logger;

export function createLogger(level: string, org: string): Logger {
    return winston.createLogger({
        level,
        defaultMeta: { service: 'corridor-gateway', org },
        format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
        transports: [new winston.transports.Console()],
    });
}
