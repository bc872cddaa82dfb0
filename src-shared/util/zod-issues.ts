import type { z } from 'zod';

/** One line per issue: `config.learningRate: expected a finite positive number, got NaN`. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[], where: string): string {
  return issues
    .map((issue) => {
      const path = [where, ...issue.path.map(String)].join('.');
      return `${path}: ${issue.message}`;
    })
    .join('\n');
}
