import type { ArtifactContent, CurveArtifact } from '../../src-shared/api/artifacts';

/** The series names every curve has, in the first curve's order. */
export function commonSeries(curves: readonly CurveArtifact[]): string[] {
  if (!curves.length) return [];
  return curves[0].series.map((series) => series.name).filter((name) => curves.every((curve) => curve.series.some((series) => series.name === name)));
}

/**
 * Compare: the same-named curve artifact of several runs drawn in one chart, each series named by its run
 * ("obd seed 1 · test"); `only` keeps one series name of each run (null: all of them). Null when fewer than
 * two of the runs have a curve there.
 */
export function overlayCurves(entries: readonly { runName: string; content: ArtifactContent | null }[], only: string | null): CurveArtifact | null {
  const curves = entries.filter((entry): entry is { runName: string; content: CurveArtifact } => entry.content?.kind === 'curve');
  if (curves.length < 2) return null;
  const first = curves[0].content;
  return {
    kind: 'curve',
    title: `${first.title.replace(/\s*\([^)]*\)$/, '')}: ${curves.length} runs in one chart`,
    caption: `${only === null ? 'Every series' : `The “${only}” series`} of each compared run's curve, named by run.`,
    xLabel: first.xLabel,
    yLabel: first.yLabel,
    ...(first.logX ? { logX: true } : {}),
    series: curves.flatMap(({ runName, content }) =>
      content.series.filter((series) => only === null || series.name === only).map((series) => ({ ...series, name: only === null ? `${runName} · ${series.name}` : runName })),
    ),
  };
}
