// Flat ESLint config for the whole workspace.
// Layers (DESIGN §2) are enforced by @nx/enforce-module-boundaries through project tags.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Which layers a project of each tag may import. */
export const depConstraints = [
  { sourceTag: 'layer:client', onlyDependOnLibsWithTags: ['layer:none'] },
  { sourceTag: 'layer:provider', onlyDependOnLibsWithTags: ['layer:client', 'layer:provider'] },
  {
    sourceTag: 'layer:core',
    onlyDependOnLibsWithTags: ['layer:client', 'contract:capacity', 'layer:core'],
  },
  {
    // Imperative shells: perform the cores' actions over the clients and providers.
    sourceTag: 'layer:runtime',
    onlyDependOnLibsWithTags: [
      'layer:client',
      'layer:provider',
      'contract:capacity',
      'layer:core',
      'layer:runtime',
    ],
  },
  {
    sourceTag: 'layer:app',
    onlyDependOnLibsWithTags: ['layer:client', 'layer:provider', 'layer:core', 'layer:runtime'],
  },
  {
    sourceTag: 'layer:testing',
    onlyDependOnLibsWithTags: [
      'layer:client',
      'layer:provider',
      'layer:core',
      'layer:runtime',
      'layer:testing',
    ],
  },
];

/** fp-ts and io-ts have no exports map: only `lib/**.js` deep imports work under plain node. */
const restrictedImports = [
  'error',
  {
    patterns: [
      {
        regex: '^(fp-ts|io-ts)/(?!lib/[\\w/]+\\.js$)',
        message:
          "Under plain node only 'fp-ts', 'io-ts' or 'fp-ts/lib/<Module>.js' resolve; 'fp-ts/function' and friends crash at run time.",
      },
    ],
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-test/**',
      '**/node_modules/**',
      '**/.nx/**',
      'artifacts/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints,
        },
      ],
      'no-restricted-imports': restrictedImports,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests and benchmarks may drive their package against the simulators and the test kit
    // (tools/testkit, tag layer:testing): a dev-only edge — no package's src imports them, the
    // testing tools import no app, and the testkit depends on no workspace package at all, so
    // there is no cycle.
    files: ['apps/*/test/**/*.ts', 'packages/*/test/**/*.ts', 'packages/*/bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: depConstraints.map((c) =>
            c.sourceTag === 'layer:testing'
              ? c
              : {
                  ...c,
                  onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'layer:testing'],
                },
          ),
        },
      ],
    },
  },
  prettier,
);
