import { describe, expect, it } from 'vitest';
import { alignCurves } from '../../../../src-renderer/charts/align';
import { decimateMinMax } from '../../../../src-renderer/charts/decimate';
import { MetricBuffer } from '../../../../src-renderer/state/metric-buffer';

describe('chart data', () => {
  it('aligns curves sampled at different x on the union of their x values', () => {
    const steps = { x: [0, 1, 2, 3], y: [4, 3, 2, 1] };
    const epochs = { x: [1, 3, 5], y: [10, 20, 30] };
    expect(alignCurves([steps, epochs])).toEqual([
      [0, 1, 2, 3, 5],
      [4, 3, 2, 1, null],
      [null, 10, null, 20, 30],
    ]);
    expect(alignCurves([])).toEqual([[]]);
  });

  it('decimates a long curve to min and max per bucket, keeping spikes and the newest point', () => {
    const n = 100_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 54_321 ? 99 : i === 12_345 ? -99 : Math.sin(i / 1000)));
    const small = decimateMinMax({ x, y }, 500);
    expect(small.x.length).toBeLessThanOrEqual(1001);
    expect(small.y).toContain(99);
    expect(small.y).toContain(-99);
    expect(small.x[small.x.length - 1]).toBe(n - 1);
    expect([...small.x].sort((a, b) => a - b)).toEqual(small.x);
    const short = { x: [1, 2, 3], y: [3, 2, 1] };
    expect(decimateMinMax(short, 500)).toBe(short);
  });

  it('buffers metric points per run and key, skipping ones already loaded', () => {
    const buffer = new MetricBuffer();
    const point = (step: number, value: number) => ({ key: 'train/loss', step, epoch: 0, wallMs: 0, value });
    expect(buffer.append('r', [point(1, 1), point(2, 2)])).toBe(2);
    expect(buffer.append('r', [point(2, 2), point(3, 3)])).toBe(1);
    buffer.load('r', { 'train/loss': [{ step: 1, epoch: 0, wallMs: 0, value: 1 }, { step: 2, epoch: 0, wallMs: 0, value: 2 }] });
    // The point at step 3 arrived by event while the stored series was loading; it survives the load.
    expect(buffer.series('r', 'train/loss')?.steps).toEqual([1, 2, 3]);
    expect(buffer.pointCount('r')).toBe(3);
  });
});
