/**
 * A running x axis across the stages of a run. Each stage may count steps (and epochs) from 0 again; on the
 * chart, stage s starts where stage s−1 ended, so points are ordered by (stage, step) and none overlap. A
 * stage that keeps counting on from the one before is left where it is. Single-stage runs are unchanged.
 */
export interface StageExtent {
  stage: number;
  minStep: number;
  maxStep: number;
  minEpoch: number;
  maxEpoch: number;
}

export interface StageOffsets {
  /** Added to a point's step (epoch) of that stage to give its running step (epoch); by stage index. */
  step: Map<number, number>;
  epoch: Map<number, number>;
  /** Where each stage after the first begins on the running axes. */
  boundaries: { stage: number; step: number; epoch: number }[];
}

export const NO_OFFSETS: StageOffsets = { step: new Map(), epoch: new Map(), boundaries: [] };

export function stageOffsets(extents: readonly StageExtent[]): StageOffsets {
  const sorted = [...extents].sort((a, b) => a.stage - b.stage);
  if (sorted.length <= 1 && (sorted[0]?.stage ?? 0) === 0) return NO_OFFSETS;
  const step = new Map<number, number>();
  const epoch = new Map<number, number>();
  const boundaries: StageOffsets['boundaries'] = [];
  let stepBase = 0;
  let epochBase = 0;
  sorted.forEach((extent, i) => {
    const previous = sorted[i - 1];
    if (previous) {
      if (extent.minStep <= previous.maxStep) stepBase += previous.maxStep - extent.minStep + 1;
      if (extent.minEpoch < previous.maxEpoch) epochBase += previous.maxEpoch;
      boundaries.push({ stage: extent.stage, step: stepBase + extent.minStep, epoch: epochBase + Math.min(extent.minEpoch, Math.floor(extent.minEpoch)) });
    }
    step.set(extent.stage, stepBase);
    epoch.set(extent.stage, epochBase);
  });
  return { step, epoch, boundaries };
}

/** Adds each point's stage offset; returns the same array when no point needs one. */
export function runningAxis(values: readonly number[], stages: readonly number[], offsets: Map<number, number>): readonly number[] {
  if (offsets.size === 0) return values;
  let any = false;
  for (const offset of offsets.values()) if (offset !== 0) any = true;
  if (!any) return values;
  return values.map((value, i) => value + (offsets.get(stages[i] ?? 0) ?? 0));
}
