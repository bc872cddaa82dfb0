import { formatErrors, formatP } from '../../src-shared/study/verdict';

export { formatP };

/** A difference in test errors with its sign always written: "+31", "−4.3", "0". */
export function signed(value: number): string {
  const text = formatErrors(value);
  return value > 0 && text !== '0' ? `+${text}` : text;
}

/** What the card says when the statistics carry no basis of their own (histories from before plans). */
export function verdictBasis(seeds: number): string {
  return `The verdict rests on the paired t-test over the ${seeds} seed${seeds === 1 ? '' : 's'}: each seed's difference in test errors is one observation, so it measures how much the result varies from one training run to the next.`;
}

export function mcnemarNote(): string {
  return 'The pooled McNemar test can disagree: it sums, over seeds, the test examples only one arm got right, so it measures per-example disagreement on this one test set, not how much the difference varies from seed to seed.';
}
