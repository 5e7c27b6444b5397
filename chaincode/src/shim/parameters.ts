/** The parts of fabric-shim 2.5's DataMarshall (lib/contract-spi/datamarshall.js) the replacement uses. */
interface DataMarshall {
    ajv: { compile(schema: object): Validator };
    components: unknown;
    fromWireBuffer(bytes: Buffer, schema: object, loggerPrefix: string): { value: unknown; validateData: unknown };
    handleParameters(fn: TransactionDescriptor, parameters: Buffer[], loggerPrefix: string): unknown[];
}

interface Validator {
    (data: unknown): boolean;
    errors?: Array<{ message?: string }> | null;
}

interface ParameterDescriptor {
    schema: { type?: string; $ref?: string };
}

interface TransactionDescriptor {
    parameters?: ParameterDescriptor[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DataMarshallClass = require('fabric-shim/lib/contract-spi/datamarshall.js') as { prototype: DataMarshall };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shimLogger = (require('fabric-shim/lib/logger') as { getLogger(name: string): { error(message: string): void } }).getLogger('contracts-spi/datamarshall.js');

/** The shim's own method, kept to compare against in tests. */
export const shimHandleParameters = DataMarshallClass.prototype.handleParameters;

/** Each parameter's compiled validator, per DataMarshall (the components it was compiled with). */
const validators = new WeakMap<DataMarshall, WeakMap<ParameterDescriptor, Validator>>();

function validatorOf(marshall: DataMarshall, expected: ParameterDescriptor): Validator {
    let compiled = validators.get(marshall);
    if (compiled === undefined) {
        compiled = new WeakMap();
        validators.set(marshall, compiled);
    }
    let validator = compiled.get(expected);
    if (validator === undefined) {
        validator = marshall.ajv.compile(schemaOf(marshall, expected));
        compiled.set(expected, validator);
    }
    return validator;
}

function schemaOf(marshall: DataMarshall, expected: ParameterDescriptor): object {
    return { properties: { prop: expected.schema }, components: { schemas: marshall.components } };
}

/**
 * DataMarshall.handleParameters with the same checks, conversions and error messages,
 * minus two costs it pays on every transaction argument: four debug strings built before
 * the logger drops them (a util.inspect of the argument's bytes and JSON dumps of the
 * value and of the schema with every component), and a fresh schema object that ajv
 * serialises to find the validator it compiled before. A CPU profile of a chaincode
 * server under bench:ledger put 4% of its time there, all of it in transactions with
 * arguments (payments), none in the no-op. Validators are compiled once per parameter.
 */
export function fastHandleParameters(this: DataMarshall, fn: TransactionDescriptor, parameters: Buffer[], loggerPrefix: string): unknown[] {
    const expectedParams = fn.parameters;
    if (!expectedParams) {
        // A pure JavaScript contract, whose parameters have no metadata.
        return parameters.map((parameter) => parameter.toString());
    }
    if (expectedParams.length !== parameters.length) {
        const message = `Expected ${expectedParams.length} parameters, but ${parameters.length} have been supplied`;
        shimLogger.error(`${loggerPrefix} ${message}`);
        throw new Error(message);
    }
    return expectedParams.map((expected, index) => {
        if (!expected.schema.type && !expected.schema.$ref) {
            throw new Error(`Incorrect type information ${JSON.stringify(expected.schema)}`);
        }
        const validator = validatorOf(this, expected);
        const { value, validateData } = this.fromWireBuffer(parameters[index] as Buffer, schemaOf(this, expected), loggerPrefix);
        if (!validator({ prop: validateData })) {
            throw new Error(`Unable to validate parameter due to ${JSON.stringify((validator.errors ?? []).map((error) => error.message))}`);
        }
        return value;
    });
}

export function installFastParameters(): void {
    DataMarshallClass.prototype.handleParameters = fastHandleParameters;
}
