import type { CurveArtifact } from '../../src-shared/api/artifacts';
import { curveLayout } from '../artifacts/curve-layout';
import { PLOT_SIZE } from '../artifacts/export';
import { curveSvg, TITLE_HEIGHT } from '../artifacts/svg';
import type { BandLine } from './band-line';

/** Mean ± sd lines as curves: per line its mean, mean + sd and mean − sd. */
export function bandCurve(lines: readonly BandLine[], title: string, yLabel: string): CurveArtifact {
  return {
    kind: 'curve',
    title,
    xLabel: 'epoch',
    yLabel,
    series: lines.flatMap(({ label, band }) => [
      { name: `${label} mean`, x: band.epochs, y: band.mean },
      { name: `${label} +1 sd`, x: band.epochs, y: band.mean.map((m, i) => m + band.sd[i]) },
      { name: `${label} −1 sd`, x: band.epochs, y: band.mean.map((m, i) => m - band.sd[i]) },
    ]),
  };
}

/** A band chart as a standalone SVG: each line's mean in its colour, its ± sd bounds in the same colour. */
export function bandSvg(lines: readonly BandLine[], title: string, yLabel: string): { svg: string; width: number; height: number } {
  const layout = curveLayout(bandCurve(lines, title, yLabel), { ...PLOT_SIZE, height: PLOT_SIZE.height + TITLE_HEIGHT, topMargin: TITLE_HEIGHT + 4 });
  layout.series.forEach((series, i) => (series.color = lines[Math.floor(i / 3)].color));
  layout.legend.forEach((entry, i) => (entry.color = lines[Math.floor(i / 3)].color));
  return { svg: curveSvg(layout, { title, background: '#ffffff' }), width: layout.axes.width, height: layout.axes.height };
}
