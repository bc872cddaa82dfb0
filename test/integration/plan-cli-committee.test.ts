import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src-main/engine/data';
import { lastJsonLine, runCli, tempDir, writeJson } from './cli-helpers';

/** A tiny CNN column: conv 4×5×5 → pool 2 → 10 softmax; a second on 1,000 MNIST digits. */
function tinyColumnTemplate() {
  const nodes = [
    { id: 'input', kind: 'input', params: { shape: [28, 28, 1] } },
    { id: 'conv', kind: 'conv2d', params: { filters: 4, kernelSize: 5, stride: 1, padding: 'valid', activation: 'relu' } },
    { id: 'pool', kind: 'maxpool2d', params: { poolSize: 2 } },
    { id: 'flatten', kind: 'flatten', params: {} },
    { id: 'out', kind: 'dense', params: { units: 10, activation: 'linear' } },
    { id: 'softmax', kind: 'activation', params: { fn: 'softmax' } },
  ].map((node, i) => ({ ...node, position: { x: 0, y: 90 * i } }));
  return {
    id: 'tiny-column',
    name: 'Tiny column',
    description: 'test template',
    spec: { format: 1, name: 'Tiny column', nodes, edges: nodes.slice(1).map((node, i) => ({ from: nodes[i].id, to: node.id })) },
    config: { optimizer: { kind: 'sgd', momentum: 0.9 }, learningRate: 0.05, batchSize: 50, epochs: 1, validationSplit: 0 },
    dataset: { name: 'mnist' },
  };
}

interface CommitteeLine {
  planId: string;
  status: string;
  slots: { slot: string; runId: string; status: string }[];
  committee: {
    testCount: number;
    classes: number;
    members: { slot: string; runId: string; testErrors: number; hasProbabilities: boolean; inCommittee: boolean }[];
    committee: { members: number; testErrors: number };
    errors: { index: number; label: number; predicted: number }[];
    bestMember: { slot: string; testErrors: number };
  };
}

describe('layerlab plan committee (MNIST subset, real trainer processes)', { timeout: 300_000 }, () => {
  it('trains 3 columns that store their test probabilities; the committee\u2019s errors are those of the averaged stored probabilities; plan show prints the member table and the committee line', async () => {
    const dataDir = tempDir('layerlab-plan-committee-');
    const template = writeJson(tempDir(), 'tiny-column.json', tinyColumnTemplate());
    const testLimit = 300;
    const result = await runCli(['plan', 'committee', template, '--columns', '3', '--epochs', '1', '--train-limit', '1000', '--test-limit', String(testLimit), '--data-dir', dataDir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^plan [0-9a-f-]{36} \(committee\): 3 runs \(1 preprocessing × 3 columns\), 3 to run/);
    const line = lastJsonLine<CommitteeLine>(result.stdout);
    expect(line.status).toBe('completed');
    expect(line.slots.map((s) => s.slot)).toEqual(['orig/s1', 'orig/s2', 'orig/s3']);
    const { committee } = line;
    expect(committee).toMatchObject({ testCount: testLimit, classes: 10, committee: { members: 3 } });
    expect(committee.members.every((m) => m.hasProbabilities && m.inCommittee)).toBe(true);

    // Recompute from the stored probabilities.bin files: mean over members, argmax, against the true labels.
    const labels = loadDataset({ name: 'mnist', trainLimit: 1, testLimit }, tmpdir()).test.y;
    const mean = new Float64Array(testLimit * 10);
    for (const member of committee.members) {
      const file = join(dataDir, 'artifacts', member.runId, 'probabilities.bin');
      expect(statSync(file).size).toBe(testLimit * 10 * 4);
      const bytes = readFileSync(file);
      const probabilities = new Float32Array(bytes.buffer, bytes.byteOffset, testLimit * 10);
      let memberErrors = 0;
      for (let i = 0; i < testLimit; i++) {
        let sum = 0;
        let best = 0;
        for (let k = 0; k < 10; k++) {
          sum += probabilities[i * 10 + k];
          mean[i * 10 + k] += probabilities[i * 10 + k] / 3;
          if (probabilities[i * 10 + k] > probabilities[i * 10 + best]) best = k;
        }
        expect(sum).toBeCloseTo(1, 4);
        if (best !== labels[i]) memberErrors += 1;
      }
      // The member's own argmax errors are its recorded test errors.
      expect(memberErrors).toBe(member.testErrors);
    }
    const wrong: number[] = [];
    for (let i = 0; i < testLimit; i++) {
      let best = 0;
      for (let k = 1; k < 10; k++) if (mean[i * 10 + k] > mean[i * 10 + best]) best = k;
      if (best !== labels[i]) wrong.push(i);
    }
    expect(committee.errors.map((e) => e.index)).toEqual(wrong);
    expect(committee.committee.testErrors).toBe(wrong.length);
    for (const error of committee.errors) expect(error.label).toBe(labels[error.index]);
    expect(committee.bestMember.testErrors).toBe(Math.min(...committee.members.map((m) => m.testErrors)));

    const shown = await runCli(['plan', 'show', line.planId, '--data-dir', dataDir]);
    expect(shown.code, shown.stderr).toBe(0);
    for (const member of committee.members) {
      const seed = member.slot.slice(-1);
      expect(shown.stdout).toMatch(new RegExp(`column ${seed}\\s+original\\s+${seed}\\s+${member.testErrors}\\s`));
    }
    expect(shown.stdout).toMatch(new RegExp(`\\*\\s+committee of 3\\s+all\\s+${wrong.length}\\s`));
    expect(shown.stdout).toMatch(new RegExp(`committee of 3 \\(probabilities averaged\\): ${wrong.length} errors of ${testLimit} \\([\\d.]+%\\); best member ${committee.bestMember.testErrors} `));
    expect(shown.stdout).toContain(`committee errors (test index true→predicted): ${committee.errors.slice(0, 2).map((e) => `${e.index} ${e.label}→${e.predicted}`).join(', ')}`);
  });
});
