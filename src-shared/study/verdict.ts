import { VARIANT_LABELS } from './types';

export interface VerdictInput {
  /** Mean of noDropout − dropout test errors (positive: dropout made fewer errors). */
  meanDifference: number;
  ci95: [number, number] | null;
  p: number | null;
  pairs: number;
  testCount: number;
  /** Below this p the difference is called significant. */
  alpha?: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** 31.4 → "31", 4.333 → "4.3", −4 → "−4": whole errors from 10 up, one decimal below. */
export function formatErrors(value: number): string {
  const rounded = Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
  const text = Number.isInteger(rounded) ? String(Math.abs(rounded)) : Math.abs(rounded).toFixed(1);
  return rounded < 0 ? `−${text}` : text;
}

export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  if (p < 0.01) return `p = ${p.toFixed(3)}`;
  return `p = ${p.toFixed(2)}`;
}

function formatInterval([low, high]: [number, number]): string {
  const separator = low < 0 || high < 0 ? ' to ' : '–';
  return `95% CI ${formatErrors(low)}${separator}${formatErrors(high)}`;
}

/**
 * One sentence a researcher can paste: "dropout lowered test error by 31 errors of 10,000
 * (95% CI 18–44), p = 0.004, 5 paired seeds". The p is the paired t-test's.
 */
export function studyVerdict(input: VerdictInput): string {
  const alpha = input.alpha ?? 0.05;
  const ofTest = `of ${input.testCount.toLocaleString('en-US')}`;
  const seeds = plural(input.pairs, 'paired seed');
  const size = formatErrors(Math.abs(input.meanDifference));
  const direction = input.meanDifference > 0 ? 'lowered' : 'raised';
  if (input.pairs < 2) {
    const change = input.meanDifference === 0 ? 'made no difference' : `${direction} test error by ${size} errors ${ofTest}`;
    return `${VARIANT_LABELS.dropout} ${change} on 1 paired seed, too few to test; run 2 or more seeds (5 or more for a reliable verdict)`;
  }
  if (input.p === null) {
    if (input.meanDifference === 0) return `no difference: both variants made the same number of test errors on every one of ${seeds}`;
    return `dropout ${direction} test error by exactly ${size} errors ${ofTest} on every one of ${seeds}`;
  }
  // The interval is stated in the sentence's own direction: a reduction for "lowered", a change
  // (dropout − no dropout) for "raised" and "changed".
  const interval = (asReduction: boolean): string => {
    if (!input.ci95) return '';
    const [low, high] = input.ci95;
    return ` (${formatInterval(asReduction ? [low, high] : [-high, -low])})`;
  };
  if (input.p < alpha && input.meanDifference !== 0) {
    return `dropout ${direction} test error by ${size} errors ${ofTest}${interval(input.meanDifference > 0)}, ${formatP(input.p)}, ${seeds}`;
  }
  const signed = `${input.meanDifference > 0 ? '−' : '+'}${size}`;
  return `no significant difference: dropout changed test error by ${signed} errors ${ofTest}${interval(false)}, ${formatP(input.p)}, ${seeds}`;
}
