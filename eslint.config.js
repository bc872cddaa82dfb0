import tseslint from 'typescript-eslint';

const nodeAndElectron = [
  { group: ['node:*'], message: 'src-shared and the renderer run without Node: no node: imports.' },
  { group: ['electron', 'electron/*'], message: 'Only src-main/app, src-main/preload and the trainer entry adapter import electron.' },
];
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'url', 'util', 'worker_threads', 'stream', 'http', 'net', 'events'].map(
  (name) => ({ name, message: 'src-shared and the renderer run without Node: no Node built-ins.' }),
);

/**
 * Lints the <script> blocks of .svelte files as TypeScript (no svelte parser is installed): everything outside
 * the scripts becomes blank lines, so line numbers stay right. Only the import boundary applies to these blocks.
 */
const svelteScripts = {
  preprocess(text) {
    const kept = text.replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)|[^\n]/g, (match, open, body) => (open ? `${open.replace(/[^\n]/g, ' ')}${body}         ` : ' '));
    return [{ text: kept, filename: 'script.ts' }];
  },
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};

/**
 * Import boundaries from DESIGN.md:
 * renderer → src-shared only; src-shared → nothing with node: or electron;
 * engine → src-shared and tfjs, never electron; electron only in app, preload and the trainer's electron entry.
 */
export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'src-native/build/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [...nodeAndElectron, { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports only src-shared.' }] }],
    },
  },
  { files: ['src-renderer/**/*.svelte'], processor: { meta: { name: 'svelte-scripts' }, ...svelteScripts } },
  {
    files: ['src-renderer/**/*.svelte/*.ts'],
    rules: Object.fromEntries(Object.keys(tseslint.configs.recommended.reduce((all, c) => ({ ...all, ...c.rules }), {})).map((rule) => [rule, 'off'])),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte.ts', 'src-renderer/**/*.svelte/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: [...nodeAndElectron, { group: ['**/src-main/**'], message: 'The renderer reaches main only through the API client.' }] }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/store/**/*.ts', 'src-main/services/**/*.ts', 'src-main/host/**/*.ts', 'src-main/cli/**/*.ts', 'src-main/trainer/**/*.ts'],
    ignores: ['src-main/trainer/electron-entry.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeAndElectron[1]] }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeAndElectron[1],
            { group: ['**/services/**', '**/store/**', '**/cli/**', '**/host/**', '**/app/**'], message: 'The engine imports only src-shared, tfjs and itself; main-side code calls the engine, not the reverse.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeAndElectron[1],
            { group: ['**/engine/**', '**/services/**', '**/cli/**', '**/host/**', '**/app/**'], message: 'The store keeps SQL and its own files; it reads no engine file format (services hand it a CheckpointInspector).' },
          ],
        },
      ],
    },
  },
);
