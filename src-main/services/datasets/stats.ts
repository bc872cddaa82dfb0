import type { FeatureStats } from '../../engine/data/imported-meta';

/** Running mean, sd, min and max of several features at once (sums in float64). */
export class FeatureAccumulator {
  private readonly sum: Float64Array;
  private readonly squares: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private count = 0;

  constructor(readonly width: number) {
    this.sum = new Float64Array(width);
    this.squares = new Float64Array(width);
    this.min = new Float64Array(width).fill(Infinity);
    this.max = new Float64Array(width).fill(-Infinity);
  }

  /** Adds one example's `width` values starting at `offset`. */
  add(values: ArrayLike<number>, offset: number): void {
    for (let j = 0; j < this.width; j++) {
      const value = values[offset + j];
      this.sum[j] += value;
      this.squares[j] += value * value;
      if (value < this.min[j]) this.min[j] = value;
      if (value > this.max[j]) this.max[j] = value;
    }
    this.count++;
  }

  result(names: string[]): FeatureStats[] {
    return names.map((name, j) => {
      if (this.count === 0) return { name, mean: 0, sd: 0, min: 0, max: 0 };
      const mean = this.sum[j] / this.count;
      const sd = Math.sqrt(Math.max(0, this.squares[j] / this.count - mean * mean));
      return { name, mean, sd, min: this.min[j], max: this.max[j] };
    });
  }
}

/** Statistics over all values of an array taken as one feature (image pixels). */
export function pooledStats(name: string, values: ArrayLike<number>, length = values.length): FeatureStats {
  const accumulator = new FeatureAccumulator(1);
  for (let i = 0; i < length; i++) accumulator.add(values, i);
  return accumulator.result([name])[0];
}

export function classCounts(labels: ArrayLike<number>, start: number, end: number, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = start; i < end; i++) counts[labels[i]]++;
  return counts;
}
