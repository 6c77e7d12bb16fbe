// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'build/', 'release/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The boundaries of ARCHITECTURE.md, enforced as import restrictions.
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Anything but zod and relative paths inside contract/.
              regex: '^(?!zod$|\\.\\.?/)|^\\.\\./\\.\\./|^\\.\\./(server|electron|renderer)/',
              message: 'contract/ imports only zod and itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The service never imports Electron.' }],
          patterns: [
            { group: ['**/electron/**', '**/renderer/**'], message: 'server/ never imports electron/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ is plain Node: pass Electron in through an interface.' }],
          patterns: [
            { group: ['**/server/**', '**/renderer/**'], message: 'core/ talks to the service over HTTP only.' },
          ],
        },
      ],
    },
  },
  {
    // The doctor console: a web page of the service, talking to it over HTTP only.
    files: ['doctor-console/**/*.ts', 'doctor-console/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/electron/**', '**/server/**', '**/renderer/**'],
              message: 'The console talks to the service over HTTP only.',
            },
            { group: NODE_BUILTINS, message: 'The console runs in a browser: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the world only through window.portal.' }],
          patterns: [
            {
              group: ['**/electron/**', '**/server/**'],
              message: 'The renderer reaches the world only through window.portal.',
            },
            { group: NODE_BUILTINS, message: 'The renderer runs sandboxed: no Node modules.' },
          ],
        },
      ],
    },
  },
);
