import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateInfo } from '../../src-shared/api/contract';
import { parseTemplate } from '../../src-shared/network/templates-schema';

/** resources/templates of this checkout. */
export function defaultTemplatesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'templates');
}

/**
 * The templates in a folder, sorted by file name. A file that is not valid JSON or not a valid template
 * is left out and reported through `onInvalid` with a message naming the file and the field.
 */
export function loadTemplates(dir: string, onInvalid: (message: string) => void = () => {}): TemplateInfo[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const templates: TemplateInfo[] = [];
  for (const file of files) {
    try {
      templates.push(parseTemplate(JSON.parse(readFileSync(join(dir, file), 'utf8')), file));
    } catch (error) {
      onInvalid(`template ${file} left out: ${(error as Error).message}`);
    }
  }
  return templates;
}
