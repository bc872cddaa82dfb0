import { formatSettingValue, shortPath, type CommitteeResult, type PlanDetail, type PlanStartResult, type PlanSummary } from '../../src-shared/plans';
import { PUBLISHED_COMMITTEE } from '../../src-shared/plans/committee';
import { planSeedCount } from '../../src-shared/plans/planners';
import { formatDuration, formatNumber, formatPercent, shortId, table } from './format';

export function describePlanStart(summary: PlanSummary, start: PlanStartResult, arms: number, parallel: number): string {
  const total = start.skipped.length + start.pending.length;
  const resumed = start.resumed ? `resuming: ${start.skipped.length} of ${total} runs already done, ` : '';
  const elsewhere = start.pending.length - start.queued;
  const running = elsewhere > 0 ? `, ${elsewhere} already queued or running (followed until they finish)` : '';
  const continued = start.continued > 0 ? ` (${start.continued} from the checkpoint of an interrupted run)` : '';
  const seeds = planSeedCount(summary.plan);
  const shape =
    summary.plan.kind === 'committee'
      ? `${arms} preprocessing${arms === 1 ? '' : 's'} × ${seeds} column${seeds === 1 ? '' : 's'}`
      : `${arms} settings × ${seeds} seed${seeds === 1 ? '' : 's'}`;
  return `plan ${start.planId} (${summary.kind}): ${total} runs (${shape}), ${resumed}${start.queued} to run${continued}, ${parallel} at a time${running}\n  ${summary.name}`;
}

const pText = (value: number | null) => (value === null ? '—' : value < 0.001 ? value.toExponential(2) : value.toPrecision(3));

function pairedLines(detail: PlanDetail): string[] {
  const stats = detail.comparison?.statistics;
  if (!stats) return ['  no seed has both runs completed; no statistics'];
  const width = Math.max(stats.arms.a.label.length, stats.arms.b.label.length);
  const lines = [stats.arms.a, stats.arms.b].map((arm) => {
    const sd = arm.sd === null ? '' : ` ± ${arm.sd.toFixed(1)}`;
    return `  ${arm.label.padEnd(width)}  ${arm.mean.toFixed(1)}${sd} errors of ${stats.testCount} (${formatPercent(arm.meanRate)})  per seed: ${arm.testErrors.join(', ')}`;
  });
  lines.push(`  paired t   t = ${stats.pairedT.t === null ? '—' : stats.pairedT.t.toFixed(3)}, df = ${stats.pairedT.df}, p = ${pText(stats.pairedT.p)} (on ${stats.differenceOf})`);
  lines.push(`  Wilcoxon   V = ${stats.wilcoxon.statistic}, p = ${pText(stats.wilcoxon.p)} (${stats.wilcoxon.method})`);
  if (stats.mcnemar) {
    lines.push(`  McNemar    pooled p = ${pText(stats.mcnemar.p)} (only ${stats.arms.a.label} right: ${stats.mcnemar.onlyARight}, only ${stats.arms.b.label} right: ${stats.mcnemar.onlyBRight}); per seed: ${stats.mcnemar.perSeed.map((s) => pText(s.p)).join(', ')}`);
  }
  lines.push(`  verdict    ${stats.verdict}`);
  lines.push(`  basis      ${stats.verdictBasis}`);
  if (stats.mcnemarNote) lines.push(`  McNemar?   ${stats.mcnemarNote}`);
  if (detail.reference) lines.push(`  paper      ${detail.reference.result}${detail.reference.epochs ? ` after ${detail.reference.epochs} epochs` : ''} — yours after ${stats.epochs}`);
  return lines;
}

/** The results table, best first, the best row marked. */
export function sweepTable(detail: PlanDetail): string {
  const sweep = detail.sweep!;
  const header = ['', ...sweep.axes.map((axis) => shortPath(axis.path)), 'seed', sweep.objective.label, 'test errors', 'status', 'time', 'run'];
  const rows = sweep.rows.map((row) => [
    row.slot === sweep.bestSlot ? '*' : '',
    ...sweep.axes.map((axis) => (axis.path in row.settings ? formatSettingValue(row.settings[axis.path]) : '(template)')),
    String(row.seed),
    sweep.objective.key === 'testErrorRate' ? formatPercent(row.objective) : formatNumber(row.objective),
    row.testErrors === null ? '—' : String(row.testErrors),
    row.status,
    formatDuration(row.wallMs),
    row.runId ? shortId(row.runId) : '—',
  ]);
  return table([header, ...rows]);
}

/** Every member against the committee: one row per column, then the per-preprocessing committees, the vote and the committee (marked *). */
export function committeeTable(committee: CommitteeResult): string {
  const header = ['', 'member', 'preprocessing', 'seed', 'test errors', 'error rate', 'probabilities', 'status', 'time', 'run'];
  const rows = committee.members.map((m) => [
    committee.bestMember?.slot === m.slot ? 'best' : '',
    `column ${m.seed}`,
    m.armLabel,
    String(m.seed),
    m.testErrors === null ? '—' : String(m.testErrors),
    formatPercent(m.testErrorRate),
    m.hasProbabilities ? 'yes' : m.status === 'completed' ? 'none stored' : '—',
    m.status,
    formatDuration(m.wallMs),
    m.runId ? shortId(m.runId) : '—',
  ]);
  const figures = [...committee.groups, ...(committee.vote ? [committee.vote] : []), ...(committee.committee ? [committee.committee] : [])];
  for (const figure of figures) {
    const mark = figure === committee.committee ? '*' : '';
    const kind = figure === committee.vote ? 'votes' : 'averaged';
    rows.push([mark, figure.label, figure.group === null ? 'all' : (committee.members.find((m) => m.arm === figure.group)?.armLabel ?? figure.group), '', String(figure.testErrors), formatPercent(figure.testErrorRate), kind, '', '', '']);
  }
  return table([header, ...rows]);
}

/** "committee of 5 (probabilities averaged): 80 errors of 10000 (0.80%); best member 95 (column 3, original): 15 fewer". */
export function committeeLine(committee: CommitteeResult): string {
  const c = committee.committee;
  if (!c || committee.testCount === null) return 'no committee yet: no member has completed with stored test probabilities';
  const best = committee.members.find((m) => m.slot === committee.bestMember?.slot);
  const versus = best && best.testErrors !== null ? `; best member ${best.testErrors} (column ${best.seed}, ${best.armLabel}): ${best.testErrors - c.testErrors} fewer errors than it` : '';
  return `${c.label} (probabilities averaged): ${c.testErrors} errors of ${committee.testCount} (${formatPercent(c.testErrorRate)})${versus}`;
}

function committeeLines(detail: PlanDetail): string[] {
  const committee = detail.committee!;
  const lines = committeeTable(committee).split('\n').map((line) => `  ${line}`);
  lines.push(`  ${committeeLine(committee)}`);
  if (committee.errors.length > 0) lines.push(`  committee errors (test index true→predicted): ${committee.errors.map((e) => `${e.index} ${e.label}→${e.predicted}`).join(', ')}`);
  for (const note of committee.notes) lines.push(`  note: ${note}`);
  if (committee.sizeCurve) {
    const [together, alone] = committee.sizeCurve.series;
    lines.push(`  committee of the first k columns, test errors: ${together.y.map((errors, i) => `k=${together.x[i]} ${errors} (alone ${alone.y[i]})`).join(', ')}`);
  }
  const yours = committee.epochsPerColumn ? `yours: ${committee.committee?.members ?? 0} columns after ${committee.epochsPerColumn} epochs each` : '';
  lines.push(`  published  ${PUBLISHED_COMMITTEE.result}, after about ${PUBLISHED_COMMITTEE.epochs} epochs per column with distortions${yours ? ` — ${yours}` : ''}`);
  if (detail.reference && detail.reference.source !== PUBLISHED_COMMITTEE.source) lines.push(`  template   ${detail.reference.result}${detail.reference.epochs ? ` after ${detail.reference.epochs} epochs` : ''} (a single net)`);
  return lines;
}

export function describePlanResult(detail: PlanDetail, wallMs: number | null): string {
  const plan = detail.plan;
  const took = wallMs === null ? '' : ` in ${formatDuration(wallMs)}`;
  const lines = [`plan ${plan.id} ${plan.status}: ${plan.runsCompleted} of ${plan.runsTotal} runs completed${took}`, `  ${plan.name}`];
  if (plan.kind === 'committee') {
    lines.push(...committeeLines(detail));
  } else if (plan.kind === 'sweep') {
    lines.push(...sweepTable(detail).split('\n').map((line) => `  ${line}`));
    const best = detail.sweep!.arms.find((arm) => arm.arm === detail.sweep!.bestArm);
    if (detail.sweep!.bestArm && best && planSeedCount(plan.plan) > 1) {
      lines.push(`  best setting over seeds: ${best.label}: mean ${detail.sweep!.objective.label} ${formatNumber(best.objectiveMean)} over ${best.seedsCompleted} seeds`);
    }
    if (plan.headline) lines.push(`  ${plan.headline}`);
  } else {
    lines.push(...pairedLines(detail));
  }
  return lines.join('\n');
}

/** The plan's result as one JSON object, the last line `layerlab plan … --json` prints. */
export function planResultJson(detail: PlanDetail, wallMs: number | null) {
  return {
    planId: detail.plan.id,
    kind: detail.plan.kind,
    key: detail.plan.key,
    name: detail.plan.name,
    status: detail.plan.status,
    runsCompleted: detail.plan.runsCompleted,
    runsTotal: detail.plan.runsTotal,
    headline: detail.plan.headline,
    slots: detail.slots.map((slot) => ({ slot: slot.key, arm: slot.arm, seed: slot.seed, runId: slot.run?.runId ?? null, status: slot.run?.status ?? 'not started', attempts: slot.attempts })),
    statistics: detail.comparison?.statistics ?? null,
    sweep: detail.sweep,
    committee: detail.committee && { ...detail.committee, errorImages: undefined, table: undefined },
    wallMs,
  };
}

export function planListTable(plans: readonly PlanSummary[]): string {
  const rows = plans.map((plan) => [shortId(plan.id), plan.kind, plan.status, `${plan.runsCompleted}/${plan.runsTotal}`, plan.name, plan.headline ?? '—']);
  return table([['id', 'kind', 'status', 'runs', 'name', 'result'], ...rows]);
}
