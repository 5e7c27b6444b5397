// Import direction in the chaincode: contracts -> features -> core, with the Fabric shim
// kept in the contracts and the adapters that wrap it. `npm run lint:imports` (and the
// chaincode-imports suite of scripts/test.sh) fails on any import that breaks it.
//
// LAYERS is the one place that says which folder is which layer: when folders move,
// change these patterns and nothing else. Each pattern is a regular expression over the
// path from the chaincode folder; a file belongs to the first layer that matches.
//
const LAYERS = {
    // Transaction functions (parse arguments, check the caller, call a feature), the
    // start-up list, and the typed contract exported to the gateway, which names them.
    contracts: ['^src/contracts/', '^src/index\\.ts$', '^src/api/'],
    // The only code that may touch fabric-shim / fabric-contract-api besides the contracts.
    adapters: ['^src/shim/', '^src/core/fabric-store\\.ts$'],
    // Core, part one: the store port and the key layout (what a model must not know about).
    storage: ['^src/core/(store|keys|key-history)\\.ts$'],
    // Core, part two: codec, decoders, errors, amounts, validation.
    core: ['^src/core/(?!(store|keys|key-history|fabric-store)\\.ts$)'],
    // Pure models: rules and arithmetic over values, no ledger reads or writes.
    models: ['^src/(fx|aml)/model/'],
    // Feature logic over the store port.
    features: ['^src/(accounts|payments|supply|members)/', '^src/(fx|aml)/ledger/'],
};
// Resolved paths: the workspace's packages are hoisted to the root node_modules.
const SHIM = '(^|/)node_modules/(fabric-shim|fabric-shim-api|fabric-contract-api)/';

const { any, noCircular, options } = require('../.dependency-cruiser.shared.cjs');
const layer = (name) => {
    const names = Object.keys(LAYERS);
    const earlier = names.slice(0, names.indexOf(name)).flatMap((other) => LAYERS[other]);
    return earlier.length === 0 ? { path: any(LAYERS[name]) } : { path: any(LAYERS[name]), pathNot: any(earlier) };
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
    forbidden: [
        noCircular,
        {
            name: 'core-imports-no-feature',
            comment: 'Core is what every feature builds on; it must not depend on any of them, nor on a contract or adapter.',
            severity: 'error',
            from: { path: any([...LAYERS.storage, ...LAYERS.core]) },
            to: { path: any([...LAYERS.models, ...LAYERS.features, ...LAYERS.contracts, ...LAYERS.adapters]), pathNot: any([...LAYERS.storage, ...LAYERS.core]) },
        },
        {
            name: 'model-imports-no-ledger',
            comment: 'A model is pure: it may use core values and other models, never the store, the key layout or a feature that reads the ledger.',
            severity: 'error',
            from: layer('models'),
            to: { path: any([...LAYERS.storage, ...LAYERS.features, ...LAYERS.contracts, ...LAYERS.adapters]), pathNot: any(LAYERS.core) },
        },
        {
            name: 'feature-imports-no-contract',
            comment: 'Features are called by contracts, never the other way round; they reach the ledger through the store port, not the adapters.',
            severity: 'error',
            from: layer('features'),
            to: { path: any([...LAYERS.contracts, ...LAYERS.adapters]) },
        },
        {
            name: 'shim-only-in-contracts-and-adapters',
            comment: 'fabric-shim(-api) and fabric-contract-api stay at the edge, so features and core run on the in-memory store in tests.',
            severity: 'error',
            from: { path: '^src/', pathNot: any([...LAYERS.contracts, ...LAYERS.adapters]) },
            to: { path: SHIM },
        },
    ],
    options,
};
