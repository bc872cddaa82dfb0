import type { TemplateInfo } from '../../../src-shared/api/contract';
import { METRIC } from '../../../src-shared/api/metrics';
import type { DatasetRef } from '../../../src-shared/api/run';
import type { TrainConfig } from '../../../src-shared/config/schema';
import type { ModelSpec } from '../../../src-shared/network/types';
import { STUDY_VARIANTS, VARIANT_LABELS, formatDifference, formatInterval, formatP, type CurveBand, type StudyDetail, type StudyVariant } from '../../../src-shared/study';
import { bandChart, escapeXml, pairedDots, pairedHistogram, type BandSeries } from './svg-charts';

/** What the report states beside the results: the exact settings each variant ran with and the data it saw. */
export interface StudyReportContext {
  template: TemplateInfo;
  variants: Record<StudyVariant, { spec: ModelSpec; config: TrainConfig } | null>;
  dataset: DatasetRef;
  datasetFingerprints: string[];
  backends: string[];
  appVersion: string;
  generatedAt: string;
}

const COLORS: Record<StudyVariant, string> = { dropout: '#1f6feb', noDropout: '#d9480f' };

const esc = (value: unknown) => escapeXml(String(value));
const fixed = (value: number | null | undefined, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits));
const pText = (p: number | null | undefined) => (p === null || p === undefined ? '—' : formatP(p).replace(/^p [=<] ?/, (m) => (m.includes('<') ? '< ' : '')));

/** Accuracy bands as error-% bands. */
function errorBand(band: CurveBand | undefined): CurveBand {
  if (!band) return { epochs: [], mean: [], sd: [], count: [] };
  return { ...band, mean: band.mean.map((acc) => 100 * (1 - acc)), sd: band.sd.map((sd) => 100 * sd) };
}

function curveSeries(detail: StudyDetail, trainKey: string, valKey: string, transform: (band: CurveBand | undefined) => CurveBand): BandSeries[] {
  return STUDY_VARIANTS.flatMap((variant) =>
    [
      { key: trainKey, split: 'train', dashed: true },
      { key: valKey, split: 'val', dashed: false },
    ].map(({ key, split, dashed }) => {
      const band = transform(detail.curves[variant][key]);
      return { label: `${VARIANT_LABELS[variant]} ${split}`, color: COLORS[variant], dashed, x: band.epochs, mean: band.mean, sd: band.sd };
    }),
  );
}

function statisticsSection(detail: StudyDetail): string {
  const stats = detail.statistics;
  if (!stats) return '<p>No seed has both of its runs completed yet, so there are no statistics.</p>';
  const rows = STUDY_VARIANTS.map((variant) => {
    const v = stats.variants[variant];
    return `<tr><th>${esc(VARIANT_LABELS[variant])}</th><td>${v.testErrors.join(', ')}</td><td>${fixed(v.mean)} ± ${fixed(v.sd)}</td><td>${fixed(v.meanRate * 100, 2)}%</td></tr>`;
  }).join('');
  const mcnemar = stats.mcnemar
    ? `<tr><th>McNemar (pooled over seeds)</th><td>${stats.mcnemar.onlyDropoutRight} examples only dropout got right, ${stats.mcnemar.onlyNoDropoutRight} only no-dropout got right (${stats.mcnemar.method})</td><td>${pText(stats.mcnemar.p)}</td></tr>
       ${stats.mcnemar.perSeed.map((s) => `<tr><td class="indent">seed ${s.seed}</td><td>${s.onlyDropoutRight} vs ${s.onlyNoDropoutRight} (${s.method})</td><td>${pText(s.p)}</td></tr>`).join('')}`
    : '<tr><th>McNemar</th><td colspan="2">not available: a run lacks stored test predictions</td></tr>';
  return `<table>
  <thead><tr><th>variant</th><th>test errors per seed (${stats.seeds.join(', ')})</th><th>mean ± sd (of ${stats.testCount.toLocaleString('en-US')})</th><th>error rate</th></tr></thead>
  <tbody>${rows}</tbody>
</table>
<table>
  <thead><tr><th>test</th><th>statistic</th><th>p (two-sided)</th></tr></thead>
  <tbody>
    <tr><th>mean difference (${esc(stats.differenceOf)})</th><td>${formatDifference(stats.meanDifference)} errors, ${stats.ci95 ? formatInterval(stats.ci95) : '95% CI —'} (negative: dropout made fewer errors)</td><td></td></tr>
    <tr><th>paired t-test</th><td>t = ${fixed(stats.pairedT.t, 3)}, df = ${stats.pairedT.df}</td><td>${pText(stats.pairedT.p)}</td></tr>
    <tr><th>Wilcoxon signed-rank</th><td>V = ${stats.wilcoxon.statistic}, n = ${stats.wilcoxon.n} (${stats.wilcoxon.method})</td><td>${pText(stats.wilcoxon.p)}</td></tr>
    ${mcnemar}
  </tbody>
</table>`;
}

function referenceSection(detail: StudyDetail): string {
  const ref = detail.reference;
  const stats = detail.statistics;
  const yours = stats
    ? `${fixed(stats.variants.dropout.mean)} errors with dropout, ${fixed(stats.variants.noDropout.mean)} without (mean of ${stats.seeds.length} seed${stats.seeds.length === 1 ? '' : 's'}), after ${stats.epochs} epoch${stats.epochs === 1 ? '' : 's'}`
    : 'no completed pair yet';
  if (!ref) return `<p><b>Yours:</b> ${esc(yours)}. The template carries no published reference.</p>`;
  return `<table class="reference">
  <tr><th>paper</th><td>${esc(ref.result)}${ref.testErrors !== undefined ? ` — ${ref.testErrors} errors` : ''}${ref.epochs ? ` after ${ref.epochs} epochs` : ''}<br><small>${esc(ref.source)}</small></td></tr>
  <tr><th>yours</th><td>${esc(yours)}${detail.study.dataset.trainLimit ? `, on the first ${detail.study.dataset.trainLimit} training examples` : ''}</td></tr>
</table>`;
}

function runsTable(detail: StudyDetail): string {
  const rows = detail.runs
    .map(
      (run) =>
        `<tr><td>${run.seed}</td><td>${esc(VARIANT_LABELS[run.variant])}</td><td>${esc(run.status)}</td><td>${run.epochsDone}/${run.epochs}</td><td>${run.testErrors ?? '—'}</td><td>${run.wallMs === null ? '—' : fixed(run.wallMs / 1000, 0) + ' s'}</td><td><code>${esc(run.runId)}</code></td><td><code>${esc(run.datasetFingerprint ?? '—')}</code></td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>seed</th><th>variant</th><th>status</th><th>epochs</th><th>test errors</th><th>wall time</th><th>run id</th><th>dataset fingerprint</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function settingsSection(context: StudyReportContext): string {
  const variantBlock = (variant: StudyVariant) => {
    const v = context.variants[variant];
    if (!v) return `<h3>${esc(VARIANT_LABELS[variant])}</h3><p>no run stored yet</p>`;
    const layers = v.spec.nodes.map((node) => `${node.id} (${node.kind}${Object.keys(node.params).length ? ` ${JSON.stringify(node.params)}` : ''})`).join(' → ');
    const { seed: _seed, ...config } = v.config;
    return `<h3>${esc(VARIANT_LABELS[variant])}</h3><p class="layers">${esc(layers)}</p><pre>${esc(JSON.stringify(config, null, 2))}</pre>`;
  };
  return `<p>Template <code>${esc(context.template.id)}</code> (${esc(context.template.name)}); dataset <code>${esc(JSON.stringify(context.dataset))}</code>;
  seed i gives both variants the same initial weights for their shared layers and the same minibatch order.</p>
  <p>Dataset fingerprints: ${context.datasetFingerprints.map((f) => `<code>${esc(f)}</code>`).join(', ') || '—'}. Backends: ${esc(context.backends.join(', ') || '—')}. LayerLab ${esc(context.appVersion)}.</p>
  <div class="columns">${STUDY_VARIANTS.map((variant) => `<div>${variantBlock(variant)}</div>`).join('')}</div>`;
}

/** One self-contained HTML page: verdict, paper beside yours, tables, inline SVG charts, settings and fingerprints. */
export function studyReportHtml(detail: StudyDetail, context: StudyReportContext): string {
  const stats = detail.statistics;
  const charts = [
    stats ? pairedDots('Test errors per seed', stats.seeds, STUDY_VARIANTS.map((v) => ({ label: VARIANT_LABELS[v], color: COLORS[v], values: stats.variants[v].testErrors }))) : '',
    bandChart('Error per epoch (mean ± sd over seeds)', 'epoch', 'error %', curveSeries(detail, METRIC.trainAcc, METRIC.valAcc, errorBand)),
    bandChart('Loss per epoch (mean ± sd over seeds)', 'epoch', 'cross-entropy', curveSeries(detail, METRIC.trainLoss, METRIC.valLoss, (b) => b ?? { epochs: [], mean: [], sd: [], count: [] })),
    detail.weightNorms
      ? pairedHistogram(
          `First-layer per-unit weight norms (seed ${detail.weightSeed})`,
          '‖w‖ of a unit’s incoming weights',
          detail.weightNorms.edges,
          STUDY_VARIANTS.map((v) => ({ label: VARIANT_LABELS[v], color: COLORS[v], counts: detail.weightNorms!.counts[v] })),
        )
      : '',
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(detail.study.name)}</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; max-width: 1180px; margin: 2em auto; padding: 0 1em; color: #222; }
  h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #ddd; }
  .verdict { font-size: 1.15em; padding: 0.8em 1em; background: #f3f6fb; border-left: 4px solid #1f6feb; }
  table { border-collapse: collapse; margin: 0.8em 0; } th, td { text-align: left; padding: 3px 10px; border-bottom: 1px solid #eee; vertical-align: top; }
  td.indent { padding-left: 2em; } .charts { display: flex; flex-wrap: wrap; gap: 12px; } .columns { display: flex; gap: 2em; } .columns > div { flex: 1; min-width: 0; }
  pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 12px; } .layers { font-family: monospace; font-size: 12px; } small, .muted { color: #666; }
</style></head>
<body>
<h1>${esc(detail.study.name)}</h1>
<p class="muted">Study <code>${esc(detail.study.id)}</code> · ${esc(detail.study.status)}, ${detail.study.runsCompleted} of ${detail.study.runsTotal} runs completed · report generated ${esc(context.generatedAt)}</p>
<p class="verdict" data-testid="report-verdict">${esc(stats?.verdict ?? 'no verdict yet: no seed has both runs completed')}</p>
<h2>Paper and yours</h2>
${referenceSection(detail)}
<h2>Results</h2>
${statisticsSection(detail)}
<h2>Charts</h2>
<div class="charts">${charts.join('\n')}</div>
<h2>Runs</h2>
${runsTable(detail)}
<h2>Exact settings</h2>
${settingsSection(context)}
<h2>Method</h2>
<p>Variants: the template as it is, and its ablation with every dropout node bypassed and max-norm off. Differences are
dropout − no dropout test errors per seed (negative: dropout made fewer errors), in the verdict as in the tables. The paired t-test and its 95% confidence interval use Student's t on n − 1 degrees of
freedom; the Wilcoxon signed-rank test is exact below 50 pairs without ties or zero differences, otherwise the normal
approximation with tie and continuity corrections (as R's <code>wilcox.test</code>). McNemar's test compares the two runs of a seed
example by example on the test set: exact binomial below 25 discordant examples, otherwise χ² with continuity correction.
The pooled McNemar test sums the discordant counts over seeds; since the seeds share the test examples it speaks about this
test set, while the t and Wilcoxon tests over seeds carry the training randomness. The verdict uses the paired t-test at α = 0.05.</p>
${stats ? `<p data-testid="report-verdict-basis">${esc(stats.verdictBasis)}</p>` : ''}
${stats?.mcnemarNote ? `<p data-testid="report-mcnemar-note">${esc(stats.mcnemarNote)}</p>` : ''}
</body></html>
`;
}
