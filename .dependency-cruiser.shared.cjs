// What both workspaces' import rules share (chaincode/ and gateway/.dependency-cruiser.cjs).

/** One regular expression that matches any of `patterns`. */
const any = (patterns) => `(${patterns.join('|')})`;

const noCircular = {
    name: 'no-circular',
    comment: 'An import circle ties its modules into one unit that cannot be read or tested alone.',
    severity: 'error',
    from: {},
    to: { circular: true },
};

const options = {
    // Type-only imports count: a circle through types still ties the modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
};

module.exports = { any, noCircular, options };
