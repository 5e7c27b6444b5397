// Import direction in the gateway (STYLE.md rule 7): routes parse, validate and
// serialise; services hold the use cases; adapters talk to one technology each.
// `npm run lint:imports` (and the gateway-imports suite of scripts/test.sh) fails on any
// import that breaks it.
//
// LAYERS is the one place that says which files are which layer: when folders move,
// change these patterns and nothing else. Each pattern is a regular expression over the
// path from the gateway folder; a file belongs to the first layer that matches, and
// whatever matches none is a service.
const LAYERS = {
    // The composition root and the app factory, and the benchmarks (entry points of their own).
    composition: ['^src/(main|app)\\.ts$', '^bench/'],
    // The HTTP edge: route tables, a feature's HTTP helpers, the shared HTTP plumbing, and
    // the Idempotency-Key wrapper around write routes.
    routes: ['^src/.+-routes\\.ts$', '^src/.+-http\\.ts$', '^src/http/', '^src/submissions/idempotency\\.ts$'],
    // The Fabric adapter; services reach it only through the ledger client.
    fabric: ['^src/fabric/'],
};
// What a service may import from the Fabric adapter: the Ledger port and its types, and the
// typed contract over that port (ledger-contract.ts imports nothing of Fabric but the port).
const LEDGER_CLIENT = '^src/fabric/ledger-(client|contract)\\.ts$';
// Resolved paths: the workspace's packages are hoisted to the root node_modules.
const EXPRESS = '(^|/)node_modules/(express|@types/express|@types/express-serve-static-core)/';

const { any, noCircular, options } = require('../.dependency-cruiser.shared.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
    forbidden: [
        noCircular,
        {
            name: 'no-express-below-routes',
            comment: 'Express types stay in the routes; services, stores and adapters take plain values, so they run without HTTP.',
            severity: 'error',
            from: { path: '^(src|bench)/', pathNot: any([...LAYERS.composition, ...LAYERS.routes]) },
            to: { path: EXPRESS },
        },
        {
            name: 'no-routes-below-routes',
            comment: 'Services and adapters are called by routes, never the other way round.',
            severity: 'error',
            from: { path: '^(src|bench)/', pathNot: any([...LAYERS.composition, ...LAYERS.routes]) },
            to: { path: any(LAYERS.routes) },
        },
        {
            name: 'fabric-only-through-the-ledger-client',
            comment: 'Outside the composition root, the Fabric adapter is used through the Ledger port only; block decoding and event sources stay inside it.',
            severity: 'error',
            from: { path: '^(src|bench)/', pathNot: any([...LAYERS.composition, ...LAYERS.fabric]) },
            to: { path: any(LAYERS.fabric), pathNot: LEDGER_CLIENT },
        },
        {
            name: 'nothing-imports-the-composition-root',
            comment: 'main.ts and app.ts wire the rest; a module that imported them would depend on everything.',
            severity: 'error',
            from: { path: '^(src|bench)/', pathNot: any(LAYERS.composition) },
            to: { path: any(LAYERS.composition) },
        },
    ],
    options,
};
