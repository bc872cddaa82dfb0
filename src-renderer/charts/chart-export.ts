import type { CurveArtifact } from '../../src-shared/api/artifacts';
import { curveLayout } from '../artifacts/curve-layout';
import { PLOT_SIZE } from '../artifacts/export';
import { curveSvg, TITLE_HEIGHT } from '../artifacts/svg';
import type { ChartModel } from './chart-model';

/** The points a chart draws as a curve artifact (gaps left out), so the figure code of artifacts draws and writes it. */
export function chartCurve(model: ChartModel, title: string, yLabel = 'value'): CurveArtifact {
  const [xs, ...columns] = model.data;
  return {
    kind: 'curve',
    title,
    xLabel: model.xLabel,
    yLabel,
    series: model.series.map((series, i) => {
      const x: number[] = [];
      const y: number[] = [];
      columns[i].forEach((value, j) => {
        if (value !== null && Number.isFinite(value)) {
          x.push(xs[j]);
          y.push(value);
        }
      });
      return { name: series.label, x, y };
    }),
  };
}

/** A chart as a standalone SVG (white background, its title on top, its curves in their on-screen colours). */
export function chartSvg(model: ChartModel, title: string, yLabel?: string): { svg: string; width: number; height: number } {
  const layout = curveLayout(chartCurve(model, title, yLabel), { ...PLOT_SIZE, height: PLOT_SIZE.height + TITLE_HEIGHT, topMargin: TITLE_HEIGHT + 4 });
  layout.series.forEach((series, i) => (series.color = model.series[i].color));
  layout.legend.forEach((entry, i) => (entry.color = model.series[i].color));
  return { svg: curveSvg(layout, { title, background: '#ffffff' }), width: layout.axes.width, height: layout.axes.height };
}
