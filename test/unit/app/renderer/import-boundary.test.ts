import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/** The lint rule that keeps Node and Electron out of the renderer, checked on .ts and .svelte files alike. */
describe('renderer import boundary (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.line);
  };

  it('refuses node:, Node built-ins, electron and src-main in renderer TypeScript', async () => {
    const code = ["import { readFileSync } from 'node:fs';", "import path from 'path';", "import { ipcRenderer } from 'electron';", "import { startHost } from '../src-main/host/index';", "import { LAYER_KINDS } from '../src-shared/network/catalog';", 'export { readFileSync, path, ipcRenderer, startHost, LAYER_KINDS };'].join('\n');
    expect(await lint('src-renderer/lib/probe.ts', code)).toEqual([1, 2, 3, 4]);
  });

  it('refuses them in the script block of a .svelte component, at the right line', async () => {
    const code = ['<script lang="ts">', "  import { LAYER_KINDS } from '../src-shared/network/catalog';", "  import { app } from 'electron';", '</script>', '', '<p>{LAYER_KINDS.length} {app}</p>', '<script module>', "  import os from 'node:os';", '</script>'].join('\n');
    expect(await lint('src-renderer/ui/Probe.svelte', code)).toEqual([3, 8]);
  });

  it('accepts a component that imports only svelte, its libraries and src-shared', async () => {
    const code = ['<script lang="ts">', "  import { SvelteFlow } from '@xyflow/svelte';", "  import { formatShape } from '../../src-shared/network/shape';", '</script>', '<SvelteFlow />{formatShape([1])}'].join('\n');
    expect(await lint('src-renderer/ui/Clean.svelte', code)).toEqual([]);
  });
});
