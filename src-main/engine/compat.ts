import { formatShape, shapeSize } from '../../src-shared/network/shape';
import type { DatasetSummary } from '../../src-shared/api/run';
import type { Model } from './model';

export class DataMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataMismatchError';
  }
}

/** The network must take the dataset's examples (same number of values) and produce one output per class. */
export function checkModelFitsData(model: Model, summary: DatasetSummary, targetSize: number): void {
  const inputId = model.analysis.inputId!;
  const outputId = model.analysis.outputId!;
  if (shapeSize(model.inputShape) !== shapeSize(summary.inputShape)) {
    throw new DataMismatchError(
      `node "${inputId}": input shape ${formatShape(model.inputShape)} (${shapeSize(model.inputShape)} values) does not fit ${summary.name} examples of shape ${formatShape(summary.inputShape)} (${shapeSize(summary.inputShape)} values); set its shape to [${summary.inputShape.join(', ')}]`,
    );
  }
  const outputs = shapeSize(model.outputShape);
  if (summary.task === 'classification' && outputs !== summary.classes) {
    throw new DataMismatchError(
      `node "${outputId}": the network's output has ${outputs} values but ${summary.name} has ${summary.classes} classes; the last layer needs ${summary.classes} units`,
    );
  }
  if (summary.task === 'regression' && outputs !== targetSize) {
    throw new DataMismatchError(`node "${outputId}": the network's output has ${outputs} values but ${summary.name} has ${targetSize} targets per example`);
  }
}
