import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TemplateInfo } from '../../../src-shared/api/contract';
import { validateSpec } from '../../../src-shared/network';
import { parseTemplate, TemplateError, templateSchema } from '../../../src-shared/network/templates-schema';

const dir = join(import.meta.dirname, '../../../resources/templates');
const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

/** Hand-computed parameter totals; a template missing here fails the test. */
const expectedParams: Record<string, number> = {
  // 784·800 + 800 = 628,000; 800·800 + 800 = 640,800; 800·10 + 10 = 8,010
  'mlp-784-800-800-10': 1_276_810,
  'mlp-dropout-784-800-800-10': 1_276_810,
  // conv1 5·5·1·6 + 6 = 156; conv2 5·5·6·16 + 16 = 2,416; fc1 (5·5·16 = 400)·120 + 120 = 48,120;
  // fc2 120·84 + 84 = 10,164; fc3 84·10 + 10 = 850
  lenet5: 61_706,
  // 29→26 (4×4), pool 2 → 13, 13→9 (5×5), pool 3 → 3: conv1 4·4·1·20 + 20 = 340; conv2 5·5·20·40 + 40 = 20,040;
  // fc1 (3·3·40 = 360)·150 + 150 = 54,150; fc2 150·10 + 10 = 1,510
  'ciresan-column-29x29': 76_040,
  // 2·64 + 64 = 192; 64·64 + 64 = 4,160; 64·2 + 2 = 130
  'spirals-mlp': 4_482,
  // 20·256 + 256 = 5,376; 256·64 + 64 = 16,448; 64·1 + 1 = 65
  'salary-regression-dropout': 21_889,
  // 4·64 + 64 = 320; 64·64 + 64 = 4,160; 64·5 + 5 = 325
  'tabular-classifier': 4_805,
  // code 784·30 + 30 = 23,550; decoder 30·784 + 784 = 24,304
  'pca-30-mnist': 47_854,
  // 784·500 + 500 (the RBM's visible biases are not a layer of the network)
  'rbm-500-mnist': 392_500,
  // 392,500 + (500·500 + 500 = 250,500) + (500·2000 + 2000 = 1,002,000) + (2000·10 + 10 = 20,010)
  'dbn-784-500-500-2000-10': 1_665_010,
  // the same network, fine-tuned on 1,000 labels
  'dbn-pretraining-1000-labels': 1_665_010,
  // the same layers; dropout layers have no parameters
  'dbn-dropout-784-500-500-2000-10': 1_665_010,
  // 784·500 + 500 = 392,500; 500·1000 + 1000 = 501,000; 1000·10 + 10 = 10,010 (the fine-tuning's q(h2) → h1 matrix and
  // the DBM's visible biases belong to the procedure, not to a layer of the network)
  'dbm-784-500-1000-10': 903_510,
  'dbm-dropout-784-500-1000-10': 903_510,
  // module k = 1..8: hidden (784 + 10·(k−1))·2500 + 2500 = (785 + 10·(k−1))·2500, summed (8·785 + 10·28 = 6,560)·2500 = 16,400,000;
  // each output 2500·10 + 10 = 25,010 (8 of them: 200,080); concatenates have no parameters
  'dsn-mnist': 16_600_080,
  // 784·300 + 300 = 235,500; 300·100 + 100 = 30,100; 100·10 + 10 = 1,010
  'obd-mlp-784-300-100-10': 266_610,
  // encoder 785,000 + 500,500 + 125,250 + (250·30 + 30 = 7,530); decoder (30·250 + 250 = 7,750) + 125,500 + 501,000 + 784,784
  'autoencoder-784-1000-500-250-30': 2_837_314,
  // as above with a 2-unit code: 250·2 + 2 = 502 and 2·250 + 250 = 750 in place of 7,530 and 7,750
  'autoencoder-784-1000-500-250-2': 2_823_286,
};

describe('templates in resources/templates', () => {
  it('are all listed here', () => {
    expect(files.map((name) => name.replace(/\.json$/, '')).sort()).toEqual(Object.keys(expectedParams).sort());
  });

  it.each(files)('%s validates and has the expected parameter count', (name) => {
    const template = parseTemplate(JSON.parse(readFileSync(join(dir, name), 'utf8')), name);
    expect(`${template.id}.json`).toBe(name);
    const { analysis } = validateSpec(template.spec);
    expect(analysis.totalParams).toBe(expectedParams[template.id]);
    const positions = template.spec.nodes.map((node) => node.position);
    expect(positions).toEqual(template.spec.nodes.map((_, i) => ({ x: 0, y: 90 * i })));
  });

  it('the two MLPs differ only in dropout and max-norm', () => {
    const read = (id: string) => parseTemplate(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')));
    const plain = read('mlp-784-800-800-10');
    const dropout = read('mlp-dropout-784-800-800-10');
    expect({ ...dropout.config, maxNorm: null }).toEqual(plain.config);
    const rates = dropout.spec.nodes.filter((node) => node.kind === 'dropout').map((node) => node.params.rate);
    expect(rates).toEqual([0.2, 0.5, 0.5]);
    expect(dropout.spec.nodes.filter((node) => node.kind !== 'dropout').map((node) => node.params)).toEqual(plain.spec.nodes.map((node) => node.params));
  });

  it('parseTemplate names the file and the node for a bad network', () => {
    const template = JSON.parse(readFileSync(join(dir, 'lenet5.json'), 'utf8'));
    template.spec.nodes.find((node: { id: string }) => node.id === 'conv2').params.kernelSize = 30;
    expect(() => parseTemplate(template, 'lenet5.json')).toThrow(/^lenet5\.json: node "conv2": kernel 30 is larger than its 14x14 input/);
    expect(() => parseTemplate({ ...template, dataset: {} }, 'lenet5.json')).toThrow(TemplateError);
  });

  it('the schema output is a TemplateInfo', () => {
    const parsed: TemplateInfo = templateSchema.parse(JSON.parse(readFileSync(join(dir, 'spirals-mlp.json'), 'utf8')));
    expect(parsed.dataset.name).toBe('spirals');
  });
});
