import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './cli-helpers';

/** `layerlab plan ablate --preset`: the preset fills the template, setting, arms and seeds; what contradicts it is refused. */
describe('layerlab plan ablate --preset', { timeout: 120_000 }, () => {
  it('an unknown preset is named with the known ones', async () => {
    const result = await runCli(['plan', 'ablate', '--preset', 'dropout-magic', '--data-dir', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--preset: unknown ablation preset "dropout-magic"; known: rbm-pretraining, dbn-dropout-finetuning');
  });

  it('--setting with --preset is refused: the preset gives the setting', async () => {
    const result = await runCli(['plan', 'ablate', '--preset', 'rbm-pretraining', '--setting', 'config.learningRate', '--data-dir', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--setting comes from --preset rbm-pretraining');
  });

  it('the help lists the preset by id and label', async () => {
    const result = await runCli(['help']);
    expect(result.stdout + result.stderr).toContain('--preset ID');
    expect(result.stdout + result.stderr).toContain('rbm-pretraining, RBM pretraining vs random init');
    expect(result.stdout + result.stderr).toContain('dbn-dropout-finetuning, dropout fine-tuning vs standard fine-tuning (DBN)');
  });
});
