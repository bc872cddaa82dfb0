import { formatDifference, formatP } from '../../src-shared/study/verdict';

export { formatP };

/** A difference in test errors with its sign always written: "+31", "−4.3", "0". */
export const signed = formatDifference;

/** What the card says when the statistics carry no basis of their own. */
export function verdictBasis(seeds: number): string {
  return `The verdict rests on the paired t-test over the ${seeds} seed${seeds === 1 ? '' : 's'}: each seed's difference in test errors is one observation, so the seed-to-seed variance of training is part of the test.`;
}

export function mcnemarNote(): string {
  return 'The pooled McNemar test can disagree: it sums, over seeds, the test examples only one arm got right, so it measures per-example disagreement on this one test set, not how much the difference varies from seed to seed.';
}
