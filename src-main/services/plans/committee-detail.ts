import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetRef, RunDetail } from '../../../src-shared/api/run';
import { committeeResult, type CommitteeSlotInput, type CommitteeTestSet } from '../../../src-shared/plans/committee';
import type { CommitteeResult } from '../../../src-shared/plans';
import { loadDataset } from '../../engine/data';
import { readProbabilities } from '../../engine/predictions';
import type { RunStore } from '../../store';
import type { FinishedRunCache, TestLabels } from '../study/test-outcomes';
import type { PreparedPlan } from './prepare-plan';
import type { SlotRuns } from './plan-detail';

/** A run's test class probabilities from its probabilities artifact; null if it has none or they do not fit its test set. */
export function runProbabilities(dataDir: string, detail: RunDetail): Float32Array | null {
  const artifact = [...detail.artifacts].reverse().find((a) => a.kind === 'probabilities');
  const info = detail.run.datasetInfo;
  if (!artifact || !info?.testSize || !info.classes) return null;
  const file = join(dataDir, artifact.path);
  if (!existsSync(file)) return null;
  try {
    return readProbabilities(file, info.testSize, info.classes);
  } catch {
    return null;
  }
}

/** The test images as stored (before any image transform of the columns), for the committee's error images. */
function testImages(ref: DatasetRef, dataDir: string): CommitteeTestSet['images'] {
  try {
    const { test, valueRange } = loadDataset({ name: ref.name, trainLimit: 1, ...(ref.testLimit ? { testLimit: ref.testLimit } : {}) }, dataDir);
    if (test.shape.length !== 3 && test.shape.length !== 2) return null;
    let range = valueRange;
    if (!range) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of test.x) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      range = Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
    }
    return { x: test.x, shape: test.shape, range };
  } catch {
    return null;
  }
}

/**
 * The committee of a committee plan from its members' stored test probabilities. Finished runs do not
 * change, so the result is kept per set of member runs and their states.
 */
export function committeeOf(store: RunStore, prepared: PreparedPlan, slots: readonly SlotRuns[], labels: TestLabels, cache: FinishedRunCache): CommitteeResult {
  const key = `committee:${prepared.key}:${slots.map((s) => `${s.slot.key}=${s.run?.id ?? ''}:${s.run?.status ?? ''}:${s.run?.testErrors ?? ''}`).join(',')}`;
  return cache.get(key, () => {
    const inputs: CommitteeSlotInput[] = slots.map(({ slot, run }) => {
      const detail = run?.status === 'completed' ? store.getRun(run.id) : undefined;
      return {
        slot,
        run: run && { runId: run.id, status: run.status, testErrors: run.testErrors, testErrorRate: run.testErrorRate, wallMs: run.wallMs },
        probabilities: detail ? cache.get(`probabilities:${run!.id}`, () => runProbabilities(store.dataDir, detail)) : null,
      };
    });
    const classes = slots.flatMap((s) => (s.run?.status === 'completed' ? [store.getRun(s.run.id)?.run.datasetInfo?.classes] : [])).find((c) => c !== undefined);
    const testLabels = classes !== undefined ? labels.get(prepared.dataset) : null;
    const withProbabilities = inputs.some((input) => input.probabilities !== null);
    const test: CommitteeTestSet | null =
      testLabels && classes !== undefined ? { labels: testLabels, classes, images: withProbabilities ? testImages(prepared.dataset, store.dataDir) : null } : null;
    const epochs = prepared.plan.epochs ?? (prepared.template.config as { epochs?: number } | undefined)?.epochs ?? null;
    return { ...committeeResult(prepared.arms, inputs, test), epochsPerColumn: epochs };
  });
}
