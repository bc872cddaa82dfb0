import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/cli-error';
import { numberFlag } from '../../../src-main/cli/parse-args';
import { buildRunRequest, nameFlagsInMessage } from '../../../src-main/cli/run-request';

const dir = mkdtempSync(join(tmpdir(), 'layerlab-request-'));
const spec = { format: 1, name: 'net', nodes: [{ id: 'in', kind: 'input', params: {} }], edges: [] };

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('run request from SPEC.json and flags', () => {
  it('trains a bare spec on MNIST with default settings', () => {
    expect(buildRunRequest(file('bare.json', spec), {})).toEqual({ spec, config: {}, dataset: { name: 'mnist' } });
  });

  it('takes spec, config and dataset from a template; flags override single fields, --dataset the whole reference', () => {
    const template = file('template.json', { id: 't', spec, config: { epochs: 50, learningRate: 1, seed: 9 }, dataset: { name: 'mnist', testLimit: 100 } });
    expect(buildRunRequest(template, { epochs: 1, seed: 2, trainLimit: 5000 })).toEqual({
      spec,
      config: { epochs: 1, learningRate: 1, seed: 2 },
      dataset: { name: 'mnist', testLimit: 100, trainLimit: 5000 },
    });
    expect(buildRunRequest(template, { dataset: 'spirals' }).dataset).toEqual({ name: 'spirals' });
  });

  it('lets --config replace the template config, then flags win', () => {
    const template = file('template2.json', { spec, config: { epochs: 50, batchSize: 10 }, dataset: { name: 'mnist' } });
    const config = file('config.json', { learningRate: 0.2 });
    expect(buildRunRequest(template, { configFile: config, batch: 64 }).config).toEqual({ learningRate: 0.2, batchSize: 64 });
  });

  it('names the file and the problem when it cannot be read or parsed', () => {
    expect(() => buildRunRequest(join(dir, 'missing.json'), {})).toThrow(/missing\.json: cannot read it \(no such file\)/);
    expect(() => buildRunRequest(file('broken.json', '{"format": 1,'), {})).toThrow(UsageError);
    expect(() => buildRunRequest(file('broken.json', '{"format": 1,'), {})).toThrow(/broken\.json: not valid JSON/);
    expect(() => buildRunRequest(file('ok.json', spec), { configFile: file('list.json', [1]) })).toThrow(/--config .*list\.json: expected a JSON object/);
  });

  it('names the flag behind a config field in error messages', () => {
    expect(nameFlagsInMessage('config.learningRate: bad\nconfig.epochs: bad', { lr: Number.NaN })).toBe(
      '--lr (config.learningRate): bad\nconfig.epochs: bad',
    );
  });

  it('reads numbers from flags, passing NaN on for the config check and refusing words', () => {
    expect(numberFlag('--lr', '1e-3')).toBe(0.001);
    expect(numberFlag('--lr', 'NaN')).toBeNaN();
    expect(numberFlag('--lr', undefined)).toBeUndefined();
    expect(() => numberFlag('--epochs', 'ten')).toThrow('--epochs: expected a number, got "ten"');
  });
});
