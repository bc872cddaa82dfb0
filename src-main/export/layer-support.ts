import type { ModelExportFormat } from '../../src-shared/export/formats';
import { ExportError } from './export-error';

export const FORMAT_NAMES: Record<ModelExportFormat, string> = { tfjs: 'TensorFlow.js', onnx: 'ONNX', keras: 'Keras', pytorch: 'PyTorch' };

/**
 * Refuses a network with a layer kind the format's writer has no translation for, naming the first such node
 * and its kind. Each writer passes the kinds it translates (the keys of its table, one entry per catalog kind).
 */
export function requireExportable(nodes: readonly { id: string; kind: string }[], format: ModelExportFormat, supportedKinds: readonly string[]): void {
  const refused = nodes.find((node) => !supportedKinds.includes(node.kind));
  if (!refused) return;
  throw new ExportError(
    `node "${refused.id}": layer kind "${refused.kind}" cannot be exported to ${FORMAT_NAMES[format]}; ` +
      `the kinds that can are ${supportedKinds.join(', ')} (export to another format, or replace the layer)`,
  );
}
