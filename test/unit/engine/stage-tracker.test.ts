import { describe, expect, it } from 'vitest';
import type { FromTrainer } from '../../../src-shared/api/trainer-protocol';
import type { StageDef } from '../../../src-shared/procedures/types';
import type { ProgressReport } from '../../../src-main/engine/callbacks/progress';
import { StageTracker } from '../../../src-main/engine/procedures/stage-tracker';

// Three epoch stages: a cheap one, a slow one (a DBM's joint training is about 7 times an RBM epoch), then another.
const stages: StageDef[] = [
  { name: 'rbm', label: 'RBM', kind: 'epochs', epochs: 10 },
  { name: 'joint', label: 'Joint', kind: 'epochs', epochs: 20 },
  { name: 'finetune', label: 'Fine-tuning', kind: 'epochs', epochs: 20 },
];

function tracker() {
  let clock = 0;
  const sent: FromTrainer[] = [];
  const stageTracker = new StageTracker('r1', stages, (message) => sent.push(message), () => clock);
  return { stageTracker, sent, advance: (ms: number) => (clock += ms) };
}

const atStep = (step: number, totalSteps: number) => ({ step, totalSteps }) as ProgressReport;

describe('StageTracker run ETA', () => {
  it('counts the current stage’s rest at its own pace and later stages at the mean pace so far', () => {
    const { stageTracker, advance } = tracker();
    stageTracker.begin(0);
    advance(10_000); // 1 s per RBM epoch
    stageTracker.end(0, 'completed', 10);
    stageTracker.begin(1);
    advance(14_000); // 2 of 20 joint epochs at 7 s
    const report = stageTracker.withRun(atStep(2, 20));
    // Joint's rest 18 × 7 s = 126 s; fine-tuning 20 epochs at (10 s + 14 s) / 12 epochs = 2 s: 40 s.
    expect(report.runEtaMs).toBe(166_000);
    // Epoch-weighted alone it would have said 24 s × (50 − 12) / 12 = 76 s.
    expect(report.runFraction).toBeCloseTo(12 / 50, 6);
  });

  it('a stage carried over from the parent run does not count as fast time', () => {
    const { stageTracker, advance } = tracker();
    stageTracker.carriedOver(0, 10);
    stageTracker.begin(1);
    advance(14_000);
    // Only the joint stage was measured: 7 s per epoch for its rest (126 s) and for fine-tuning (140 s).
    expect(stageTracker.withRun(atStep(2, 20)).runEtaMs).toBe(266_000);
  });

  it('has no ETA before anything is measured, and none left at the end', () => {
    const { stageTracker, sent, advance } = tracker();
    stageTracker.begin(0);
    const first = sent.find((message) => message.type === 'progress') as { runEtaMs: number | null };
    expect(first.runEtaMs).toBeNull();
    for (const index of [0, 1, 2]) {
      if (index > 0) stageTracker.begin(index);
      advance(1_000 * stages[index].epochs);
      if (index === 2) expect(stageTracker.withRun(atStep(20, 20)).runEtaMs).toBe(0);
      stageTracker.end(index, 'completed', stages[index].epochs);
    }
  });
});
