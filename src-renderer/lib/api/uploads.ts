import type { DatasetImportFile } from '../../../src-shared/api/datasets';

/** Files larger than this go to the host's PUT /api/uploads (streamed to its disk) instead of inside the JSON call. */
export const INLINE_FILE_LIMIT = 8 * 2 ** 20;

type Upload = (filename: string, bytes: Uint8Array<ArrayBuffer>) => Promise<unknown>;

async function uploaded(upload: Upload, filename: string, bytes: Uint8Array<ArrayBuffer>): Promise<DatasetImportFile> {
  const { upload: id } = (await upload(filename, bytes)) as { upload: string };
  return { upload: id };
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** datasets.import params with each large inline file replaced by `{upload: id}` after uploading it. */
export async function withLargeFilesUploaded<P>(params: P, upload: Upload): Promise<P> {
  const files = (params as { files?: DatasetImportFile[] } | undefined)?.files;
  if (!Array.isArray(files)) return params;
  const sent: DatasetImportFile[] = [];
  for (const file of files) {
    if ('base64' in file && file.base64.length > INLINE_FILE_LIMIT) {
      sent.push(await uploaded(upload, file.filename, decodeBase64(file.base64)));
    } else if ('text' in file && file.text.length > INLINE_FILE_LIMIT) {
      sent.push(await uploaded(upload, file.filename, new TextEncoder().encode(file.text) as Uint8Array<ArrayBuffer>));
    } else sent.push(file);
  }
  return { ...params, files: sent };
}
