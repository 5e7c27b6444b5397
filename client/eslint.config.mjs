// The gateway's lint: typescript-eslint's strictest type-checked sets, as in
// hyperledger/fabric-gateway's own, plus explicit types on every exported function.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';


export default tseslint.config(
    { ignores: ['dist/**', 'node_modules/**', '.dependency-cruiser.cjs'] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    ...tseslint.configs.stylisticTypeChecked,
    {
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            '@typescript-eslint/explicit-module-boundary-types': 'error',
            // Numbers and bigints print the same way everywhere; booleans, nullish values and
            // objects in a message are still refused (they are usually a mistake).
            '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
            // The stylistic set would turn `x as T` into `x!`, which the strict set forbids
            // (no-non-null-assertion); the strict rule wins.
            '@typescript-eslint/non-nullable-type-assertion-style': 'off',
            // Express tells an error handler by its four parameters, so an unused one stays,
            // named with a leading underscore; `{ drop: _, ...rest }` is how a field is left out.
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
            // `||` on a string deliberately treats '' as missing, as `??` would not.
            '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
            // Reports winston's transports and Express's requests, whose typings declare
            // interfaces over classes; the instances are the libraries' own.
            '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
        },
    },
    {
        files: ['test/**/*.test.ts'],
        rules: {
            // supertest types every response body as `any`; a test asserts the shape it
            // reads with chai, so a cast before each assertion would add words, not safety.
            // Support code under test/ keeps these rules.
            '@typescript-eslint/no-unsafe-member-access': 'off',
            '@typescript-eslint/no-unsafe-assignment': 'off',
            '@typescript-eslint/no-unsafe-argument': 'off',
            '@typescript-eslint/no-unsafe-call': 'off',
            '@typescript-eslint/no-unsafe-return': 'off',
            // A `!` on a fixture the test itself just built is the test's own assertion; if
            // it were wrong the test would fail at that line.
            '@typescript-eslint/no-non-null-assertion': 'off',
            // Fakes are written async to stand in for the async interfaces they replace.
            '@typescript-eslint/require-await': 'off',
        },
    },
    {
        files: ['eslint.config.mjs'],
        extends: [tseslint.configs.disableTypeChecked],
    },
);
