import { readFileSync } from 'node:fs';
import type { TemplateInfo } from '../../src-shared/api/contract';
import { parseTemplate, TemplateError } from '../../src-shared/network/templates-schema';
import { UsageError } from './cli-error';

/** A TEMPLATE.json file, checked; a UsageError naming the file and what is wrong with it. */
export function readTemplate(file: string): TemplateInfo {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`TEMPLATE.json ${file}: cannot read it (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
  }
  try {
    return parseTemplate(JSON.parse(text), file);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`TEMPLATE.json ${file}: not valid JSON (${error.message})`);
    if (error instanceof TemplateError) throw new UsageError(`TEMPLATE.json ${file} is not a valid template:\n${error.message}`);
    throw error;
  }
}
