/** Series colours readable on both themes; the same run keeps its colour across charts. */
export const SERIES_COLORS = ['#2f7ed8', '#e4572e', '#29a36a', '#9b59b6', '#f0a202', '#17a2b8', '#c2185b', '#6d7d8b'];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

/** The current theme's chart colours, read from CSS variables. */
export function chartTheme(): { axis: string; grid: string; text: string } {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { axis: read('--muted', '#888'), grid: read('--grid', '#8882'), text: read('--fg', '#222') };
}
