import { describe, expect, test } from 'vitest';
import type { CurveArtifact } from '../../../../src-shared/api/artifacts';
import { commonSeries, overlayCurves } from '../../../../src-renderer/artifacts/curve-overlay';

const curve = (method: string, names: string[]): CurveArtifact => ({
  kind: 'curve',
  title: `Error against the fraction of weights deleted (${method})`,
  xLabel: 'fraction of weights deleted',
  yLabel: 'error rate',
  series: names.map((name, i) => ({ name, x: [0, 0.5], y: [0.02 + i, 0.03 + i] })),
});

describe('Compare overlays same-named curves of several runs', () => {
  test('each run\u2019s series named by its run; one series name kept, or all', () => {
    const entries = [
      { runName: 'obd', content: curve('obd', ['train', 'test', 'test, before retraining']) },
      { runName: 'magnitude', content: curve('magnitude', ['train', 'test']) },
      { runName: 'no curve', content: null },
    ];
    expect(commonSeries(entries.flatMap((entry) => (entry.content ? [entry.content] : [])))).toEqual(['train', 'test']);
    const test = overlayCurves(entries, 'test')!;
    expect(test.title).toBe('Error against the fraction of weights deleted: 2 runs in one chart');
    expect(test.series).toEqual([
      { name: 'obd', x: [0, 0.5], y: [1.02, 1.03] },
      { name: 'magnitude', x: [0, 0.5], y: [1.02, 1.03] },
    ]);
    expect(overlayCurves(entries, null)!.series.map((series) => series.name)).toEqual(['obd · train', 'obd · test', 'obd · test, before retraining', 'magnitude · train', 'magnitude · test']);
  });

  test('fewer than two curves: nothing to overlay', () => {
    expect(overlayCurves([{ runName: 'a', content: curve('obd', ['test']) }, { runName: 'b', content: null }], 'test')).toBeNull();
  });
});
