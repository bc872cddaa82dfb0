import { modelSpecSchema, type ModelSpec } from '../../src-shared/network/types';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import { isKerasModelJson, kerasModelToSpec } from '../../src-shared/network/import/keras-model';

/** Saves the spec as a .json download (a save dialog in Electron, the downloads folder in a browser). */
export function downloadSpec(spec: ModelSpec): void {
  const blob = new Blob([JSON.stringify(spec, null, 2) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${spec.name.replace(/[^\w.-]+/g, '_') || 'network'}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a spec file (or a Keras / TF.js Layers model.json) chosen by the user; throws with the file name and every problem found. */
export async function readSpecFile(file: File): Promise<ModelSpec> {
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    throw new Error(`${file.name} is not JSON: ${(error as Error).message}`);
  }
  if (isKerasModelJson(json)) {
    try {
      return modelSpecSchema.parse(kerasModelToSpec(json, file.name.replace(/\.json$/i, '')));
    } catch (error) {
      throw new Error(`${file.name} is a Keras model that LayerLab cannot open: ${(error as Error).message}`);
    }
  }
  // A template file carries the spec beside its config.
  const candidate = json && typeof json === 'object' && 'spec' in json ? (json as { spec: unknown }).spec : json;
  const result = modelSpecSchema.safeParse(candidate);
  if (!result.success) throw new Error(`${file.name} is not a LayerLab network:\n${describeZodIssues(result.error.issues, 'spec')}`);
  return result.data;
}
