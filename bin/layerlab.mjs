#!/usr/bin/env node
// `layerlab` from a checkout: run the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
