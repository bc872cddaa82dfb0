import { describe, expect, it } from 'vitest';
import { readout } from '../../../../src-renderer/charts/readout';

describe('chart readout', () => {
  const series = [
    { label: 'train (step)', color: '#111' },
    { label: 'validation', color: '#222' },
  ];
  const data = [
    [1, 2, 3, 4],
    [0.9, 0.8, 0.7, 0.6],
    [null, 0.85, null, 0.65],
  ];

  it('reads each curve at the cursor, or at its nearest point where it has none there', () => {
    expect(readout(data, series, 2)).toEqual({ x: 3, items: [{ label: 'train (step)', color: '#111', value: '0.7000' }, { label: 'validation', color: '#222', value: '0.8500' }] });
  });

  it('reads the newest values when the cursor is off the chart', () => {
    expect(readout(data, series, null).items.map((item) => item.value)).toEqual(['0.6000', '0.6500']);
    expect(readout([[]], series, null)).toEqual({ x: null, items: [] });
  });
});
