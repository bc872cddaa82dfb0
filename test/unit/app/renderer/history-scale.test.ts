import { describe, expect, it } from 'vitest';
import { downsampleMinMax, type CurveColumns } from '../../../../src-shared/api/curves';
import { parseTypedJson, typedArrayReplacer } from '../../../../src-shared/api/typed-json';
import type { RunSummary } from '../../../../src-shared/api/run';
import { patchRow } from '../../../../src-renderer/runs/page-patch';
import { MetricBuffer } from '../../../../src-renderer/state/metric-buffer';
import { chartModel } from '../../../../src-renderer/charts/chart-model';

function curve(n: number, spikeAt: number, spike: number): CurveColumns {
  const step = Float64Array.from({ length: n }, (_, i) => i);
  const value = step.map((s) => (s === spikeAt ? spike : 1 / (1 + s)));
  return { stage: new Uint16Array(n), step, epoch: step.map((s) => s / 100), wallMs: step.slice(), value, stored: n, downsampled: false };
}

describe('min–max downsampling (issue 16, item 4)', () => {
  it('keeps an upward and a downward spike at every width, with the first and last points', () => {
    for (const width of [10, 333, 1000]) {
      const up = downsampleMinMax(curve(100_000, 77_777, 40), width);
      expect(up.downsampled).toBe(true);
      expect(up.step.length).toBeLessThanOrEqual(2 * width + 2);
      expect(up.step[up.value.indexOf(40)]).toBe(77_777);
      const down = downsampleMinMax(curve(100_000, 3, -5), width);
      expect(Math.min(...down.value)).toBe(-5);
      expect([down.step[0], down.step[down.step.length - 1]]).toEqual([0, 99_999]);
    }
  });

  it('leaves a curve already short enough as it is', () => {
    const short = curve(50, -1, 0);
    expect(downsampleMinMax(short, 100)).toBe(short);
  });

  it('the chart built from downsampled columns still draws the spike', () => {
    const buffer = new MetricBuffer();
    buffer.loadCurves('r', { 'train/loss': downsampleMinMax(curve(100_000, 61_234, 50), 800) });
    expect(buffer.isDownsampled('r', 'train/loss')).toBe(true);
    const model = chartModel(buffer, [{ runId: 'r', key: 'train/loss', label: 'loss', color: '#000' }], 'step');
    expect(Math.max(...(model.data[1] as number[]))).toBe(50);
  });
});

describe('typed columns over JSON (the headless host)', () => {
  it('round-trips typed arrays through base64, NaN included, and leaves other JSON alone', () => {
    const columns = { value: Float64Array.from([1.5, Number.NaN, -0, 1e-300]), stage: Uint16Array.from([0, 2, 65535]), label: 'x', nested: [{ n: 1 }] };
    const text = JSON.stringify(columns, typedArrayReplacer);
    expect(text).not.toContain('1.5'); // sent as bytes, not as numbers
    const back = parseTypedJson(text) as typeof columns;
    expect(back.value).toBeInstanceOf(Float64Array);
    expect([...back.value]).toEqual([1.5, Number.NaN, -0, 1e-300]);
    expect([...back.stage]).toEqual([0, 2, 65535]);
    expect(back.label).toBe('x');
    expect(parseTypedJson('{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });
});

describe('a status change patches one row (issue 16, item 4)', () => {
  const row = (id: string, status: RunSummary['status']) => ({ id, status, name: id }) as RunSummary;
  it('replaces the run in place and reports a run not on the page', () => {
    const rows = [row('a', 'running'), row('b', 'completed')];
    const patched = patchRow(rows, row('a', 'completed'));
    expect(patched?.map((r) => [r.id, r.status])).toEqual([
      ['a', 'completed'],
      ['b', 'completed'],
    ]);
    expect(patched?.[1]).toBe(rows[1]);
    expect(patchRow(rows, row('c', 'queued'))).toBeNull();
  });
});
