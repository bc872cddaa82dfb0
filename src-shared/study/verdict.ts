export interface VerdictInput {
  /** Arm labels: "dropout", "no dropout". */
  a: string;
  b: string;
  /** Mean of A − B test errors over the seeds (negative: A made fewer errors). */
  meanDifference: number;
  ci95: [number, number] | null;
  /** The paired t-test's p; null when it is undefined (fewer than 2 seeds, or every difference the same). */
  p: number | null;
  pairs: number;
  testCount: number;
  /** Below this p the difference is called significant. */
  alpha?: number;
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** A mean of errors: whole numbers as they are, others with one decimal (11.5 stays 11.5, never 12); "−" for minus. */
export function formatErrors(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? Math.abs(rounded).toLocaleString('en-US') : Math.abs(rounded).toFixed(1);
  return rounded < 0 ? `−${text}` : text;
}

/** A difference with its sign always shown: "+4", "−11.5", "0". */
export function formatDifference(value: number): string {
  const text = formatErrors(value);
  return text.startsWith('−') || text === '0' ? text : `+${text}`;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${p.toFixed(3)}`;
  return `p = ${p.toFixed(2)}`;
}

export const formatInterval = ([low, high]: [number, number]): string => `95% CI ${formatDifference(low)} to ${formatDifference(high)}`;

/**
 * One sentence a researcher can paste, e.g. "dropout lowered test error vs no dropout by 31 errors of
 * 10,000: difference −31 (95% CI −44 to −18), paired t over 5 seeds, p = 0.004". The difference and its
 * interval are always A − B, as in the statistics; the p is the paired t-test's over seeds.
 */
export function pairedVerdict(input: VerdictInput): string {
  const alpha = input.alpha ?? 0.05;
  const { a, b } = input;
  const ofTest = `of ${input.testCount.toLocaleString('en-US')}`;
  const signed = formatDifference(input.meanDifference);
  const interval = input.ci95 ? ` (${formatInterval(input.ci95)})` : '';
  const over = `paired t over ${plural(input.pairs, 'seed')}`;
  if (input.pairs < 2) {
    const change = input.meanDifference === 0 ? `made the same number of test errors as ${b}` : `changed test error vs ${b} by ${signed} errors ${ofTest}`;
    return `${a} ${change} on 1 paired seed, too few to test; run 2 or more seeds (5 or more for a reliable verdict)`;
  }
  if (input.p === null) {
    if (input.meanDifference === 0) return `no difference: ${a} and ${b} made the same number of test errors on every one of ${plural(input.pairs, 'paired seed')}`;
    return `${a} changed test error vs ${b} by exactly ${signed} errors ${ofTest} on every one of ${plural(input.pairs, 'paired seed')} (no spread, so no paired t)`;
  }
  if (input.p < alpha && input.meanDifference !== 0) {
    const direction = input.meanDifference < 0 ? 'lowered' : 'raised';
    return `${a} ${direction} test error vs ${b} by ${formatErrors(Math.abs(input.meanDifference))} errors ${ofTest}: difference ${signed}${interval}, ${over}, ${formatP(input.p)}`;
  }
  return `no significant difference: ${a} changed test error vs ${b} by ${signed} errors ${ofTest}${interval}, ${over}, ${formatP(input.p)}`;
}

/** Which test drives the verdict, and why that one. */
export function verdictBasis(input: Pick<VerdictInput, 'a' | 'b' | 'pairs'>): string {
  if (input.pairs < 2) return 'The verdict would rest on the paired t-test over seeds, which needs 2 or more seeds; with 1 there is none.';
  return (
    `The verdict rests on the paired t-test over the ${input.pairs} seeds: each seed's difference in test errors ` +
    `(${input.a} − ${input.b}) is one observation, so the seed-to-seed variance of training is part of the test.`
  );
}

/** Why the pooled McNemar test can disagree with the paired t over seeds, and whether it does here. */
export function mcnemarNote(input: {
  a: string;
  b: string;
  mcnemarP: number;
  onlyARight: number;
  onlyBRight: number;
  pairedP: number | null;
  alpha?: number;
}): string {
  const alpha = input.alpha ?? 0.05;
  const why =
    `The pooled McNemar test (${formatP(input.mcnemarP)}) sums over the seeds the test examples only one arm got right ` +
    `(${input.a}: ${input.onlyARight.toLocaleString('en-US')}, ${input.b}: ${input.onlyBRight.toLocaleString('en-US')}). ` +
    'It pools test examples across seeds, so it measures how often the two arms disagree on individual examples of this test set ' +
    'and ignores the seed-to-seed variance of training; it can call a difference significant that the paired t does not, or the other way round.';
  if (input.pairedP === null) return why;
  const mcnemarSignificant = input.mcnemarP < alpha;
  const tSignificant = input.pairedP < alpha;
  if (mcnemarSignificant === tSignificant) return `${why} Here both tests agree.`;
  const says = (significant: boolean) => (significant ? 'is significant' : 'is not');
  return `${why} Here they disagree: McNemar ${formatP(input.mcnemarP)} ${says(mcnemarSignificant)}, the paired t's ${formatP(input.pairedP)} ${says(tSignificant)}.`;
}
