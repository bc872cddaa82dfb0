import { extent, linearTicks, logTicks, niceDomain, scale, type Tick } from './scale';

/** Where a plot's axes go and how data maps onto them; shared by the scatter and the curve plots. */
export interface PlotAxes {
  width: number;
  height: number;
  /** The data area in pixels. */
  left: number;
  top: number;
  right: number;
  bottom: number;
  x: AxisLayout;
  y: AxisLayout;
  toX(value: number): number;
  toY(value: number): number;
}

export interface AxisLayout {
  label: string;
  log: boolean;
  domain: [number, number];
  ticks: (Tick & { pos: number })[];
}

export interface PlotSize {
  width: number;
  height: number;
  /** Room on the right of the data area (the legend). */
  rightMargin?: number;
  /** Room above it (the title is outside the SVG on screen; in a download it goes here). */
  topMargin?: number;
}

const LEFT = 58;
const BOTTOM = 40;

export function plotAxes(xs: readonly number[], ys: readonly number[], labels: { x: string; y: string }, size: PlotSize, logX = false): PlotAxes {
  const left = LEFT;
  const top = size.topMargin ?? 10;
  const right = size.width - (size.rightMargin ?? 16);
  const bottom = size.height - BOTTOM;
  const xDomain = logX ? extent(xs, true) : niceDomain(...extent(xs), 6);
  const yDomain = niceDomain(...extent(ys), 5);
  const toX = scale(xDomain, [left, right], logX);
  const toY = scale(yDomain, [bottom, top]);
  const xTicks = (logX ? logTicks(...xDomain) : linearTicks(...xDomain, 6)).map((tick) => ({ ...tick, pos: toX(tick.value) }));
  const yTicks = linearTicks(...yDomain, 5).map((tick) => ({ ...tick, pos: toY(tick.value) }));
  return {
    width: size.width,
    height: size.height,
    left,
    top,
    right,
    bottom,
    x: { label: labels.x, log: logX, domain: xDomain, ticks: xTicks },
    y: { label: labels.y, log: false, domain: yDomain, ticks: yTicks },
    toX,
    toY,
  };
}
