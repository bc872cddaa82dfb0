import { describe, expect, it } from 'vitest';
import { artifactCsv } from '../../../../src-shared/api/artifacts';
import { extent, formatTick, linearTicks, logTicks, niceDomain, niceStep, scale } from '../../../../src-renderer/artifacts/scale';
import { CLASS_COLORS, classColor, colorBarStops, imageRgba, valueColor } from '../../../../src-renderer/artifacts/color-map';
import { LEGEND_WIDTH, legendWidth, nearestPoint, scatterLayout } from '../../../../src-renderer/artifacts/scatter-layout';
import { curveHover, curveLayout } from '../../../../src-renderer/artifacts/curve-layout';
import { imageGridLayout } from '../../../../src-renderer/artifacts/grid-layout';
import { curveSvg, escapeXml, scatterSvg } from '../../../../src-renderer/artifacts/svg';
import { artifactSvg, downloadName, PLOT_SIZE } from '../../../../src-renderer/artifacts/export';
import { codesFixture, reconstructionsFixture, spectrumFixture, tableFixture } from './artifact-fixtures';

const fakeUrl = () => 'data:image/png;base64,AAAA';

describe('artifact scales and ticks', () => {
  it('picks steps of 1, 2 or 5 times a power of ten and widens the domain to whole steps', () => {
    expect(niceStep(0, 10, 5)).toBe(2);
    expect(niceStep(0, 1, 5)).toBe(0.2);
    expect(niceStep(0, 0.07, 5)).toBeCloseTo(0.01);
    expect(niceStep(-300, 700, 5)).toBe(200);
    expect(niceDomain(0.13, 9.7, 5)).toEqual([0, 10]);
    expect(niceDomain(-3.2, 4.1, 5)).toEqual([-4, 5]);
  });

  it('labels linear ticks with the decimals the step needs and never says -0', () => {
    expect(linearTicks(0, 1, 5).map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(linearTicks(-10, 10, 4).map((t) => t.label)).toEqual(['-10', '-5', '0', '5', '10']);
    expect(formatTick(-1e-17, 0.1)).toBe('0');
    expect(formatTick(250000, 50000)).toBe('2.50e5');
  });

  it('puts log ticks on powers of ten, adding 2× and 5× on a short axis', () => {
    expect(logTicks(1, 1000).map((t) => t.value)).toEqual([1, 10, 100, 1000]);
    expect(logTicks(2, 30).map((t) => t.value)).toEqual([2, 5, 10, 20]);
  });

  it('maps domains to pixels, log scales through log10, and ignores non-finite values in extents', () => {
    const linear = scale([0, 10], [100, 200]);
    expect(linear(5)).toBe(150);
    const log = scale([1, 100], [0, 100], true);
    expect(log(10)).toBeCloseTo(50);
    expect(log(-1)).toBeNaN();
    expect(extent([3, NaN, -2, Infinity, 7])).toEqual([-2, 7]);
    expect(extent([5, 5])).toEqual([4.5, 5.5]);
    expect(extent([0, -3, 4], true)).toEqual([2, 8]);
    expect(extent([])).toEqual([0, 1]);
  });
});

describe('artifact colours', () => {
  it('maps values to grey from range[0] black to range[1] white, clamping outside', () => {
    expect(valueColor(0, [0, 1])).toEqual([0, 0, 0]);
    expect(valueColor(1, [0, 1])).toEqual([255, 255, 255]);
    expect(valueColor(0.5, [0, 1])).toEqual([128, 128, 128]);
    expect(valueColor(2, [0, 1])).toEqual([255, 255, 255]);
    expect(valueColor(-1, [0, 1])).toEqual([0, 0, 0]);
  });

  it('maps diverging values to blue below 0, white at 0 and red above, symmetric around 0', () => {
    expect(valueColor(0, [-2, 1], 'diverging')).toEqual([255, 255, 255]);
    expect(valueColor(-2, [-2, 1], 'diverging')).toEqual([0, 0, 255]);
    expect(valueColor(2, [-2, 1], 'diverging')).toEqual([255, 0, 0]);
    expect(valueColor(1, [-2, 1], 'diverging')).toEqual([255, 128, 128]);
  });

  it('turns an image into RGBA bytes, opaque, in row-major order', () => {
    const rgba = imageRgba([0, 1, 0.5, 0], [2, 2], [0, 1]);
    expect([...rgba]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 255]);
  });

  it('gives ten distinct class colours and a colour bar from the low to the high end', () => {
    expect(new Set(CLASS_COLORS).size).toBe(10);
    expect(classColor(12)).toBe(classColor(2));
    expect(colorBarStops([0, 1])).toEqual([
      { offset: 0, color: 'rgb(0,0,0)' },
      { offset: 1, color: 'rgb(255,255,255)' },
    ]);
    expect(colorBarStops([-1, 1], 'diverging').map((stop) => stop.color)).toEqual(['rgb(0,0,255)', 'rgb(128,128,255)', 'rgb(255,255,255)', 'rgb(255,128,128)', 'rgb(255,0,0)']);
  });
});

describe('artifact layouts', () => {
  it('places scatter points inside the plot area, one legend entry per class with its count', () => {
    const content = codesFixture(200);
    const layout = scatterLayout(content, PLOT_SIZE);
    expect(layout.points).toHaveLength(200);
    for (const point of layout.points) {
      expect(point.cx).toBeGreaterThanOrEqual(layout.axes.left);
      expect(point.cx).toBeLessThanOrEqual(layout.axes.right);
      expect(point.cy).toBeGreaterThanOrEqual(layout.axes.top);
      expect(point.cy).toBeLessThanOrEqual(layout.axes.bottom);
      expect(point.color).toBe(classColor(point.cls));
    }
    expect(layout.legend.map((entry) => entry.name)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(layout.legend.every((entry) => entry.count === 20)).toBe(true);
    // The axes' ticks cover the data.
    expect(layout.axes.x.domain[0]).toBeLessThanOrEqual(Math.min(...content.x));
    expect(layout.axes.x.domain[1]).toBeGreaterThanOrEqual(Math.max(...content.x));
  });

  it('finds the point under the pointer, or none when nothing is near', () => {
    const layout = scatterLayout(codesFixture(50), PLOT_SIZE);
    const target = layout.points[17];
    expect(nearestPoint(layout.points, target.cx + 1, target.cy - 1)?.index).toBe(nearestPoint(layout.points, target.cx, target.cy)?.index);
    expect(nearestPoint(layout.points, target.cx, target.cy)).not.toBeNull();
    expect(nearestPoint(layout.points, -100, -100)).toBeNull();
  });

  it('skips non-finite scatter points and names unnamed classes', () => {
    const content = { ...codesFixture(10), x: [NaN, ...codesFixture(10).x.slice(1)], classNames: ['zero'] };
    const layout = scatterLayout(content, PLOT_SIZE);
    expect(layout.points).toHaveLength(9);
    expect(layout.legend[0].name).toBe('zero');
    expect(layout.legend[1].name).toBe('class 1');
  });

  it('draws curves in x order and reads every series at the x under the cursor', () => {
    const content = spectrumFixture();
    const shuffled = { ...content, series: [{ name: 'a', x: [3, 1, 2], y: [30, 10, 20] }] };
    const one = curveLayout(shuffled, PLOT_SIZE);
    expect(one.series[0].points.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(one.series[0].path.startsWith('M')).toBe(true);
    const layout = curveLayout(content, PLOT_SIZE);
    const at5 = layout.series[0].points[4];
    const hover = curveHover(layout, at5.cx + 2)!;
    expect(hover.x).toBe(5);
    expect(hover.values.map((v) => v.name)).toEqual(['per component', 'cumulative']);
    expect(hover.values[0].y).toBeCloseTo(0.02);
  });

  it('makes room in the legend for long series names, within a limit', () => {
    expect(legendWidth(['train', 'test'])).toBe(LEGEND_WIDTH);
    expect(legendWidth(['committee of the first k'])).toBeGreaterThan(26 + 6 * 'committee of the first k'.length);
    expect(legendWidth(['x'.repeat(200)])).toBe(240);
    const long = curveLayout({ ...spectrumFixture(), series: [{ name: 'magnitude pruning, test', x: [1, 2], y: [1, 2] }, { name: 'b', x: [1, 2], y: [2, 3] }] }, PLOT_SIZE);
    const short = curveLayout({ ...spectrumFixture(), series: [{ name: 'a', x: [1, 2], y: [1, 2] }, { name: 'b', x: [1, 2], y: [2, 3] }] }, PLOT_SIZE);
    expect(long.series[0].points[1].cx).toBeLessThan(short.series[0].points[1].cx);
  });

  it('leaves x ≤ 0 off a log axis and counts what it left out', () => {
    const layout = curveLayout({ ...spectrumFixture(), logX: true, series: [{ name: 's', x: [0, 1, 10, 100], y: [1, 2, 3, NaN] }] }, PLOT_SIZE);
    expect(layout.series[0].points.map((p) => p.x)).toEqual([1, 10]);
    expect(layout.dropped).toBe(2);
    expect(layout.axes.x.log).toBe(true);
    expect(layout.axes.x.ticks.map((t) => t.value)).toContain(10);
  });

  it('lays out an image grid in rows with a label column and a colour bar under it', () => {
    const layout = imageGridLayout(reconstructionsFixture(12));
    expect(layout.rows).toHaveLength(2);
    expect(layout.rows.map((row) => row.images.length)).toEqual([12, 12]);
    expect(layout.cellWidth).toBe(56);
    expect(layout.rows[1].y).toBeGreaterThan(layout.rows[0].y + layout.cellHeight);
    expect(layout.rows[0].images[1].x - layout.rows[0].images[0].x).toBe(56 + 4);
    expect(layout.bar.y).toBeGreaterThan(layout.rows[1].y + layout.cellHeight);
    expect(layout.height).toBeGreaterThan(layout.bar.y + layout.bar.height);
  });
});

describe('artifact SVG and downloads', () => {
  it('serialises a scatter with one group of points per class, tick labels and legend names', () => {
    const svg = scatterSvg(scatterLayout(codesFixture(100), PLOT_SIZE));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="points" data-class="\d+"/g)).toHaveLength(10);
    expect(svg.match(/<circle cx/g)!.length).toBeGreaterThanOrEqual(100);
    expect(svg).toContain('component 1');
    expect(svg.match(/class="legend-entry"/g)).toHaveLength(10);
    expect(svg.match(/class="tick tick-x"/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('escapes text, so titles and labels cannot break the markup', () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe('a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;');
    const svg = curveSvg(curveLayout({ ...spectrumFixture(), xLabel: 'k <components>' }, PLOT_SIZE));
    expect(svg).toContain('k &lt;components&gt;');
    expect(svg).not.toContain('<components>');
  });

  it('makes a standalone SVG of every kind with a title and a white background', () => {
    for (const content of [reconstructionsFixture(3), codesFixture(20), spectrumFixture(), tableFixture()]) {
      const { svg, width, height } = artifactSvg(content, fakeUrl);
      expect(svg).toContain(`width="${width}" height="${height}"`);
      expect(svg).toContain('fill="#ffffff"');
      expect(svg).toContain(escapeXml(content.title));
      expect(svg.endsWith('</svg>')).toBe(true);
    }
    const grid = artifactSvg(reconstructionsFixture(3), fakeUrl).svg;
    expect(grid.match(/<image /g)).toHaveLength(6);
    expect(grid).toContain('>original<');
    expect(grid).toContain('>PCA-30<');
    expect(grid).toContain('class="color-bar"');
    const table = artifactSvg(tableFixture(), fakeUrl).svg;
    expect(table).toContain('a &quot;quoted&quot;, note');
  });

  it('names downloads after the run and the artifact, with only safe characters', () => {
    expect(downloadName(['PCA-30 on MNIST', 'reconstructions'], 'csv')).toBe('PCA-30-on-MNIST-reconstructions.csv');
    expect(downloadName(['a/b\\c', ''], 'png')).toBe('a-b-c.png');
    expect(downloadName([], 'svg')).toBe('artifact.svg');
  });

  it('gives the CSV of a scatter with a header of its axis labels and class names in the rows', () => {
    const csv = artifactCsv(codesFixture(3)).split('\n');
    expect(csv[0]).toBe('component 1,component 2,class');
    expect(csv[1].endsWith(',0')).toBe(true);
    expect(artifactCsv(reconstructionsFixture(1)).split('\n')[0].startsWith('row,image,label,p0,p1')).toBe(true);
  });
});
