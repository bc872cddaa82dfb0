/**
 * What a run can be exported as. Model formats carry the network and its final weights; `record` and `metrics`
 * are its numbers (the full run record as JSON, every metric series as CSV).
 */
export const MODEL_EXPORT_FORMATS = ['tfjs', 'onnx', 'keras', 'pytorch'] as const;
export const DATA_EXPORT_FORMATS = ['record', 'metrics'] as const;
export const EXPORT_FORMATS = [...MODEL_EXPORT_FORMATS, ...DATA_EXPORT_FORMATS] as const;

export type ModelExportFormat = (typeof MODEL_EXPORT_FORMATS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_LABELS: Record<ExportFormat, string> = {
  tfjs: 'TensorFlow.js Layers model (model.json + weights.bin)',
  onnx: 'ONNX model (.onnx)',
  keras: 'Keras script + weights (.py + .npz)',
  pytorch: 'PyTorch script + weights (.py + .npz)',
  record: 'Run record (JSON)',
  metrics: 'Metric series (CSV)',
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** One exported file in transport: its name and its bytes as base64 (a zip when the format writes several files). */
export interface ExportedFile {
  filename: string;
  mediaType: string;
  base64: string;
  bytes: number;
}
