import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatEpochProgress, formatTestError } from '../../../../src-renderer/lib/format';
import { paramSummary, paramToText, textToParam } from '../../../../src-renderer/editor/param-text';
import { getLayerKind } from '../../../../src-shared/network/catalog';

describe('display formats', () => {
  it('writes counts, durations and the test error as count out of N and %', () => {
    expect([formatCount(812), formatCount(103_200), formatCount(1_276_810), formatCount(null)]).toEqual(['812', '103.2k', '1.28M', '—']);
    expect([formatDuration(900), formatDuration(75_000), formatDuration(3_720_000)]).toEqual(['1s', '1m 15s', '1h 02m']);
    expect(formatTestError(123, 0.0123)).toBe('123 / 10,000 (1.23%)');
    expect(formatTestError(null, null)).toBe('—');
  });

  it('counts the epoch in progress from 1, as people do', () => {
    expect([formatEpochProgress(0, 3), formatEpochProgress(0.4, 3), formatEpochProgress(1, 3), formatEpochProgress(3, 3)]).toEqual(['epoch 1/3', 'epoch 1/3', 'epoch 2/3', 'epoch 3/3']);
  });

  it('reads param text by type and says what is wrong with text that is not a number', () => {
    const units = getLayerKind('dense')!.params.find((param) => param.name === 'units')!;
    expect(textToParam(units, ' 64 ')).toEqual({ value: 64 });
    expect(textToParam(units, 'abc')).toEqual({ error: 'units: "abc" is not a number' });
    const shape = getLayerKind('input')!.params.find((param) => param.name === 'shape')!;
    expect(textToParam(shape, '28, 28, 1')).toEqual({ value: [28, 28, 1] });
    expect(paramToText([28, 28, 1])).toBe('28, 28, 1');
    const stride = getLayerKind('maxpool2d')!.params.find((param) => param.name === 'stride')!;
    expect(textToParam(stride, '')).toEqual({ value: null });
    expect(paramSummary(getLayerKind('dense'), { units: 800, activation: 'relu', useBias: true })).toBe('units 800 · relu');
  });
});
