import type { CurveArtifact, ImageGridArtifact, ScatterArtifact, TableArtifact } from '../../../../src-shared/api/artifacts';

/** Hand-made artifact contents shaped like the PCA procedure's (reconstructions, codes, spectrum). */
export function reconstructionsFixture(images = 12): ImageGridArtifact {
  const digit = (shift: number) => Array.from({ length: 28 * 28 }, (_, i) => ((i + shift) % 28) / 27);
  return {
    kind: 'image-grid',
    title: 'Test digits and their PCA-30 reconstructions',
    caption: 'Top: original test images; bottom: reconstructed from 30 components.',
    imageShape: [28, 28],
    range: [0, 1],
    rows: [
      { label: 'original', images: Array.from({ length: images }, (_, i) => ({ label: String(i % 10), pixels: digit(i) })) },
      { label: 'PCA-30', images: Array.from({ length: images }, (_, i) => ({ pixels: digit(i + 1) })) },
    ],
  };
}

export function codesFixture(points = 200): ScatterArtifact {
  return {
    kind: 'scatter',
    title: 'Test digits on the first two components',
    xLabel: 'component 1',
    yLabel: 'component 2',
    x: Array.from({ length: points }, (_, i) => Math.cos(i) * (i % 10)),
    y: Array.from({ length: points }, (_, i) => Math.sin(i) * (i % 10)),
    classes: Array.from({ length: points }, (_, i) => i % 10),
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
  };
}

export function spectrumFixture(): CurveArtifact {
  const x = Array.from({ length: 30 }, (_, i) => i + 1);
  return {
    kind: 'curve',
    title: 'Explained variance',
    xLabel: 'component',
    yLabel: 'explained variance',
    series: [
      { name: 'per component', x, y: x.map((k) => 0.1 / k) },
      { name: 'cumulative', x, y: x.map((k) => Math.min(1, 0.3 * Math.log(1 + k))) },
    ],
  };
}

export function tableFixture(): TableArtifact {
  return { kind: 'table', title: 'Errors', columns: ['split', 'error', 'note'], rows: [['train', 13.5, null], ['test', 13.87, 'a "quoted", note']] };
}
