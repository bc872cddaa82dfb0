import { spiralsSpec } from './cli-helpers';

/** A small ReLU MLP on the two spirals with max-norm on: seconds per run. */
export function spiralsMaxNormTemplate() {
  return {
    id: 'spirals-max-norm',
    name: 'Spirals MLP',
    description: 'test template',
    spec: spiralsSpec(),
    config: { optimizer: { kind: 'adam' }, learningRate: 0.02, batchSize: 32, epochs: 3, maxNorm: { limit: 0.5 } },
    dataset: { name: 'spirals' },
  };
}

/** The result line of `layerlab plan … --json`. */
export interface PlanLine {
  planId: string;
  kind: string;
  status: string;
  runsCompleted: number;
  runsTotal: number;
  headline: string | null;
  slots: { slot: string; arm: string; seed: number; runId: string | null; status: string; attempts: string[] }[];
  statistics: {
    seeds: number[];
    arms: Record<'a' | 'b', { label: string; testErrors: number[]; mean: number }>;
    differenceOf: string;
    meanDifference: number;
    ci95: [number, number] | null;
    pairedT: { t: number | null; df: number; p: number | null };
    verdict: string;
    verdictBasis: string;
    mcnemarNote: string | null;
  } | null;
  sweep: {
    objective: { key: string };
    rows: { slot: string; arm: string; settings: Record<string, unknown>; seed: number; runId: string | null; status: string; objective: number | null }[];
    bestSlot: string | null;
    axes: { path: string; scale: string; values: unknown[] }[];
  } | null;
}
