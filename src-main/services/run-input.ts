import type { StartRunParams } from '../../src-shared/api/contract';
import type { DatasetRef } from '../../src-shared/api/run';
import type { TrainConfig } from '../../src-shared/config/schema';
import { ConfigError, parseTrainConfig } from '../../src-shared/config/validate';
import { SpecError, formatShape, validateSpec, type ModelSpec, type SpecAnalysis } from '../../src-shared/network';
import { datasetRefSchema } from '../../src-shared/api/records';
import { transformedShape } from '../../src-shared/data/image-transforms';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import { getProcedure, parseProcedure, ProcedureError, type ProcedureRef, type StageDef } from '../../src-shared/procedures';
import { networkOutline } from '../../src-shared/procedures/outline';
import { ApiError } from './api-service-types';
import { builtInDatasetNames, datasetShape } from './dataset-catalog';
import { memoryProblems } from './run-memory';

export interface ValidRunInput {
  spec: ModelSpec;
  analysis: SpecAnalysis;
  config: TrainConfig;
  dataset: DatasetRef;
  procedure: ProcedureRef;
  stages: StageDef[];
  name: string;
}

/**
 * Checks a run request before it is queued: the spec (every issue, each naming its node), the config
 * (each bad field), that the dataset exists, and that the network's input and output fit the data.
 * Throws ApiError('bad-request') with all of it.
 */
export function validateRunInput(params: StartRunParams, dataDir: string): ValidRunInput {
  const problems: string[] = [];
  let checked: { spec: ModelSpec; analysis: SpecAnalysis } | undefined;
  let config: TrainConfig | undefined;
  try {
    checked = validateSpec(params.spec);
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    problems.push(error.message);
  }
  try {
    config = parseTrainConfig(params.config, 'config');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error.message);
  }
  let procedure: ProcedureRef | undefined;
  try {
    procedure = parseProcedure(params.procedure);
  } catch (error) {
    if (!(error instanceof ProcedureError)) throw error;
    problems.push(error.message);
  }
  const def = procedure && getProcedure(procedure.kind);
  if (def?.checkNetwork && checked) problems.push(...def.checkNetwork(networkOutline(checked.analysis)));
  const ref = datasetRefSchema.safeParse(params.dataset);
  if (!ref.success) problems.push(describeZodIssues(ref.error.issues, 'dataset'));
  let data = ref.success ? datasetShape(ref.data.name, dataDir) : undefined;
  if (ref.success && !data) {
    problems.push(`dataset: unknown dataset "${params.dataset.name}"; built in: ${builtInDatasetNames().join(', ')} (or import one first)`);
  }
  if (ref.success && data) {
    const transformed = transformedShape(data.inputShape, ref.data.images);
    if ('problem' in transformed) {
      problems.push(transformed.problem);
      data = undefined;
    } else data = { ...data, inputShape: transformed.shape };
  }
  if (checked && config && checked.analysis.ok) problems.push(...memoryProblems(checked.analysis, config));
  if (checked && data) problems.push(...fitProblems(checked.analysis, data, def?.supervised ?? true));
  if (problems.length > 0 || !checked || !config || !ref.success || !procedure || !def) throw new ApiError('bad-request', problems.join('\n'));
  return {
    ...checked,
    config,
    dataset: ref.data,
    procedure,
    stages: def.stages(procedure.params, config),
    name: params.name ?? `${checked.spec.name} · ${params.dataset.name} · seed ${config.seed}`,
  };
}

/** Unsupervised procedures (PCA, autoencoders) reconstruct their input, so their output is not checked against the classes. */
function fitProblems(analysis: SpecAnalysis, data: { name: string; task: string; inputShape: number[]; classes: number }, supervised: boolean): string[] {
  const problems: string[] = [];
  const input = analysis.inputId ? analysis.nodes.get(analysis.inputId) : undefined;
  if (input?.outputShape && !sameShape(input.outputShape, data.inputShape)) {
    problems.push(
      `node "${input.id}": input shape ${formatShape(input.outputShape)} does not match dataset "${data.name}", whose examples are ${formatShape(data.inputShape)}; set shape to [${data.inputShape.join(', ')}]`,
    );
  }
  const output = analysis.outputShape;
  if (supervised && data.task === 'classification' && output && analysis.outputId) {
    const units = output.reduce((a, b) => a * b, 1);
    if (output.length !== 1 || units !== data.classes) {
      problems.push(
        `node "${analysis.outputId}": the network outputs ${formatShape(output)} but dataset "${data.name}" has ${data.classes} classes; end with a dense layer of ${data.classes} units`,
      );
    }
  }
  return problems;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
