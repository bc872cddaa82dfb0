import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type Model } from '../../../src-main/engine/model';
import { parseTrainConfig } from '../../../src-shared/config/validate';
import { parseTemplate } from '../../../src-shared/network/templates-schema';
import { ablateDropout } from '../../../src-shared/study';
import { useTrainerBackend } from '../engine/helpers';

const template = parseTemplate(
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'resources', 'templates', 'mlp-dropout-784-800-800-10.json'), 'utf8')),
);

function initialKernels(model: Model): Map<string, Float32Array> {
  const kernels = new Map<string, Float32Array>();
  for (const weight of model.weights) kernels.set(`${weight.nodeId}.${weight.def.name}`, weight.variable.dataSync() as Float32Array);
  model.dispose();
  return kernels;
}

describe('seed pairing of the dropout study (real engine model builder)', () => {
  beforeAll(useTrainerBackend);

  it('gives the layers both variants share the same initial weights for the same seed, and other weights for another seed', () => {
    const ablation = ablateDropout(template.spec, template.config);
    const init = parseTrainConfig(ablation.config).init;
    const withDropout = initialKernels(buildModel(template.spec, init, 3));
    const without = initialKernels(buildModel(ablation.spec, init, 3));
    expect([...without.keys()].sort()).toEqual(['fc1.bias', 'fc1.kernel', 'fc2.bias', 'fc2.kernel', 'fc3.bias', 'fc3.kernel']);
    expect([...withDropout.keys()].sort()).toEqual([...without.keys()].sort());
    for (const [name, values] of without) expect(withDropout.get(name)!.every((v, i) => v === values[i]), name).toBe(true);

    const otherSeed = initialKernels(buildModel(ablation.spec, init, 4));
    expect(otherSeed.get('fc1.kernel')!.some((v, i) => v !== without.get('fc1.kernel')![i])).toBe(true);
  });
});
