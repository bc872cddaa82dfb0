import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerRoles } from '../../../src-shared/procedures/roles';

const template = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'resources', 'templates', `${name}.json`), 'utf8'));
const rolesOf = (name: string, params?: Record<string, unknown>) => {
  const t = template(name);
  return Object.fromEntries([...layerRoles(t.procedure.kind, params ?? t.procedure.params, t.spec.nodes)].map(([id, role]) => [id, role.label]));
};

describe('layer roles on the canvas', () => {
  it('the deep autoencoder: four encoder RBMs (the code one linear) and the decoder as their transposes, mirrored', () => {
    expect(rolesOf('autoencoder-784-1000-500-250-30')).toEqual({
      enc1: 'RBM 1 of 4',
      enc2: 'RBM 2 of 4',
      enc3: 'RBM 3 of 4',
      code: 'RBM 4 of 4 (linear code units)',
      // dec1 maps the 30-unit code to 250 units: its kernel starts as the code RBM's W (250×30) transposed; the output layer as enc1's.
      dec1: 'decoder: codeᵀ',
      dec2: 'decoder: enc3ᵀ',
      dec3: 'decoder: enc2ᵀ',
      output: 'decoder: enc1ᵀ',
    });
  });

  it('the DBN: the three hidden layers are RBMs and the classifier is not; without pretraining none is', () => {
    expect(rolesOf('dbn-784-500-500-2000-10')).toEqual({ h1: 'RBM 1 of 3', h2: 'RBM 2 of 3', h3: 'RBM 3 of 3' });
    expect(rolesOf('dbn-784-500-500-2000-10', { pretrainLayers: 1 })).toEqual({ h1: 'RBM 1 of 1' });
    expect(rolesOf('dbn-784-500-500-2000-10', { pretrain: false })).toEqual({});
  });

  it('the DBM: h1 and h2 are its two doubled RBMs, the classifier and the dropout layers are not', () => {
    const dbm = { h1: 'DBM layer 1 (RBM 1 of 2, 2W up)', h2: 'DBM layer 2 (RBM 2 of 2, 2W down)' };
    expect(rolesOf('dbm-784-500-1000-10')).toEqual(dbm);
    expect(rolesOf('dbm-dropout-784-500-1000-10')).toEqual(dbm);
  });

  it('backprop gives no layer a role', () => {
    expect(layerRoles('backprop', {}, template('dbn-784-500-500-2000-10').spec.nodes).size).toBe(0);
  });
});
