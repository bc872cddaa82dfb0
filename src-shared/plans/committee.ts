import type { CurveArtifact, ImageGridArtifact, TableArtifact } from '../api/artifacts';
import type { RunStatus } from '../api/run';
import type { CommitteeError, CommitteeFigure, CommitteeMember, CommitteeResult, PlanArm, PlanSlot } from './types';

/** At most this many of a committee's errors are shown as images (all of them are listed by index). */
export const MAX_COMMITTEE_ERROR_IMAGES = 200;
const IMAGES_PER_ROW = 20;

/** What a committee is measured against, whatever its template: Cireşan et al.'s 35-column MNIST committee. */
export const PUBLISHED_COMMITTEE = {
  source: 'Cireşan, Meier, Schmidhuber 2012, Multi-column deep neural networks for image classification (CVPR)',
  result: 'committee of 35 columns (7 preprocessings × 5): 23 test errors (0.23%); its best column about 0.4%',
  testErrors: 23,
  columns: 35,
  epochs: 800,
} as const;

/** The mean of the members' class probabilities, [count × classes] row-major, in float64. */
export function averageProbabilities(members: readonly ArrayLike<number>[], count: number, classes: number): Float64Array {
  const mean = new Float64Array(count * classes);
  for (const member of members) {
    if (member.length !== count * classes) throw new Error(`a member has ${member.length} probabilities, expected ${count} × ${classes}`);
    for (let i = 0; i < mean.length; i++) mean[i] += member[i];
  }
  if (members.length > 0) for (let i = 0; i < mean.length; i++) mean[i] /= members.length;
  return mean;
}

/** The index of each row's largest value (the first of equal ones), as tf.argMax does. */
export function argmaxRows(values: ArrayLike<number>, count: number, classes: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (values[i * classes + k] > values[i * classes + best]) best = k;
    out[i] = best;
  }
  return out;
}

/** Each example's most frequent member prediction; a tie goes to the tied class with the higher averaged probability. */
export function pluralityVote(predictions: readonly ArrayLike<number>[], average: ArrayLike<number>, count: number, classes: number): Int32Array {
  const out = new Int32Array(count);
  const votes = new Int32Array(classes);
  for (let i = 0; i < count; i++) {
    votes.fill(0);
    for (const member of predictions) votes[member[i]] += 1;
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (votes[k] > votes[best] || (votes[k] === votes[best] && average[i * classes + k] > average[i * classes + best])) best = k;
    }
    out[i] = best;
  }
  return out;
}

function errorIndices(predicted: ArrayLike<number>, labels: ArrayLike<number>): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < labels.length; i++) if (predicted[i] !== labels[i]) wrong.push(i);
  return wrong;
}

/** What the committee result needs of one slot: its run and, when the run stored them, its test class probabilities. */
export interface CommitteeSlotInput {
  slot: PlanSlot;
  run: { runId: string; status: RunStatus; testErrors: number | null; testErrorRate: number | null; wallMs: number | null } | undefined;
  /** [testCount × classes]; null when the run stored none or they do not fit the test set. */
  probabilities: ArrayLike<number> | null;
}

/** The test set the members were evaluated on: labels, class count and (for the error images) the images. */
export interface CommitteeTestSet {
  labels: ArrayLike<number>;
  classes: number;
  images?: { x: ArrayLike<number>; shape: number[]; range: [number, number] } | null;
}

const rate = (errors: number, count: number) => (count > 0 ? errors / count : 0);

/**
 * The committee over every completed member with probabilities: their probabilities averaged (not their
 * votes), its test errors against each member's, one committee per preprocessing when there are several,
 * the committee's errors, and notes naming the members left out and why.
 */
export function committeeResult(arms: readonly PlanArm[], slots: readonly CommitteeSlotInput[], test: CommitteeTestSet | null): CommitteeResult {
  const armLabel = new Map(arms.map((arm) => [arm.key, arm.label]));
  const count = test?.labels.length ?? 0;
  const classes = test?.classes ?? 0;
  const notes: string[] = [];
  const members: CommitteeMember[] = slots.map(({ slot, run, probabilities }) => {
    const hasProbabilities = probabilities !== null && test !== null && probabilities.length === count * classes;
    const completed = run?.status === 'completed';
    const name = `column ${slot.seed} (${armLabel.get(slot.arm)})`;
    if (completed && !hasProbabilities) {
      notes.push(
        probabilities === null
          ? `${name}: run ${run!.runId.slice(0, 8)} stored no test class probabilities (trained before runs stored them, or by a procedure that writes none); it is left out of the committee; train it again to count it`
          : `${name}: run ${run!.runId.slice(0, 8)}'s probabilities do not fit the ${count} test examples × ${classes} classes; it is left out`,
      );
    }
    return {
      slot: slot.key,
      arm: slot.arm,
      armLabel: armLabel.get(slot.arm) ?? slot.arm,
      seed: slot.seed,
      runId: run?.runId ?? null,
      status: run?.status ?? 'not started',
      testErrors: run?.testErrors ?? null,
      testErrorRate: run?.testErrorRate ?? null,
      wallMs: run?.wallMs ?? null,
      hasProbabilities,
      inCommittee: completed && hasProbabilities,
    };
  });
  if (!test && slots.some((s) => s.run?.status === 'completed')) notes.push('the test labels could not be loaded; no committee');

  const counted = slots.filter((_, i) => members[i].inCommittee);
  const figure = (label: string, group: string | null, inputs: readonly CommitteeSlotInput[]) => {
    const average = averageProbabilities(inputs.map((s) => s.probabilities!), count, classes);
    const predicted = argmaxRows(average, count, classes);
    const wrong = errorIndices(predicted, test!.labels);
    const result: CommitteeFigure = { label, group, members: inputs.length, testErrors: wrong.length, testErrorRate: rate(wrong.length, count) };
    return { result, average, predicted, wrong };
  };

  let committee: CommitteeFigure | null = null;
  let vote: CommitteeFigure | null = null;
  let errors: CommitteeError[] = [];
  const groups: CommitteeFigure[] = [];
  if (test && counted.length > 0) {
    const all = figure(`committee of ${counted.length}`, null, counted);
    committee = all.result;
    errors = all.wrong.map((index) => ({ index, label: test.labels[index], predicted: all.predicted[index], probability: all.average[index * classes + all.predicted[index]] }));
    const votes = pluralityVote(counted.map((s) => argmaxRows(s.probabilities!, count, classes)), all.average, count, classes);
    const voteErrors = errorIndices(votes, test.labels).length;
    vote = { label: `plurality vote of ${counted.length}`, group: null, members: counted.length, testErrors: voteErrors, testErrorRate: rate(voteErrors, count) };
    if (arms.length > 1) {
      for (const arm of arms) {
        const inGroup = counted.filter((s) => s.slot.arm === arm.key);
        if (inGroup.length > 0) groups.push(figure(`committee of ${inGroup.length}, ${arm.label}`, arm.key, inGroup).result);
      }
    }
  }
  const countedMembers = members.filter((m) => m.inCommittee && m.testErrors !== null);
  const best = countedMembers.reduce<CommitteeMember | null>((a, m) => (a === null || m.testErrors! < a.testErrors! ? m : a), null);
  return {
    testCount: test ? count : null,
    classes: test ? classes : null,
    members,
    committee,
    vote,
    groups,
    bestMember: best ? { slot: best.slot, testErrors: best.testErrors! } : null,
    errors,
    notes,
    errorImages: test?.images && committee ? errorGrid(errors, test.images) : null,
    sizeCurve: test && counted.length > 1 ? sizeCurve(counted, members.filter((m) => m.inCommittee), test.labels, classes) : null,
    table: committeeTable(members, committee, vote, groups, armLabel),
  };
}

/**
 * Test errors of the committee of the first k counted columns (in slot order: seed by seed, each seed's
 * preprocessings together) against k, beside column k alone: where the committee falls below its members.
 */
function sizeCurve(counted: readonly CommitteeSlotInput[], members: readonly CommitteeMember[], labels: ArrayLike<number>, classes: number): CurveArtifact {
  const count = labels.length;
  const sum = new Float64Array(count * classes);
  const ks: number[] = [];
  const committeeErrors: number[] = [];
  const aloneErrors: number[] = [];
  counted.forEach((slot, i) => {
    const probabilities = slot.probabilities!;
    for (let j = 0; j < sum.length; j++) sum[j] += probabilities[j];
    ks.push(i + 1);
    committeeErrors.push(errorIndices(argmaxRows(sum, count, classes), labels).length);
    aloneErrors.push(members[i].testErrors ?? errorIndices(argmaxRows(probabilities, count, classes), labels).length);
  });
  return {
    kind: 'curve',
    title: 'Test errors against committee size',
    caption: 'The committee of the first k columns (their class probabilities averaged) beside column k alone, columns in the order of the table.',
    xLabel: 'columns',
    yLabel: 'test errors',
    series: [
      { name: 'committee of k', x: ks, y: committeeErrors },
      { name: 'column k', x: ks, y: aloneErrors },
    ],
  };
}

function errorGrid(errors: readonly CommitteeError[], images: NonNullable<CommitteeTestSet['images']>): ImageGridArtifact {
  const [height, width] = images.shape;
  const size = images.shape.reduce((a, b) => a * b, 1);
  const shown = errors.slice(0, MAX_COMMITTEE_ERROR_IMAGES);
  const rows: ImageGridArtifact['rows'] = [];
  for (let start = 0; start < shown.length; start += IMAGES_PER_ROW) {
    const chunk = shown.slice(start, start + IMAGES_PER_ROW);
    rows.push({
      label: `${start + 1}–${start + chunk.length}`,
      images: chunk.map((error) => ({
        label: `${error.label}→${error.predicted}`,
        pixels: Array.from({ length: height * width }, (_, p) => images.x[error.index * size + p]),
      })),
    });
  }
  const more = errors.length > shown.length ? `; the first ${shown.length} of ${errors.length} are shown` : '';
  return {
    kind: 'image-grid',
    title: `The committee's ${errors.length} test error${errors.length === 1 ? '' : 's'}`,
    caption: `Each test digit the averaged committee classified wrongly, labelled true → predicted, in test order (the test images as stored, before any preprocessing of the columns)${more}.`,
    imageShape: [height, width],
    range: images.range,
    rows,
  };
}

function committeeTable(
  members: readonly CommitteeMember[],
  committee: CommitteeFigure | null,
  vote: CommitteeFigure | null,
  groups: readonly CommitteeFigure[],
  armLabel: ReadonlyMap<string, string>,
): TableArtifact {
  const rows: TableArtifact['rows'] = members.map((m) => [`column ${m.seed}`, m.armLabel, m.seed, m.status, m.testErrors, m.testErrorRate, m.hasProbabilities ? 'yes' : 'no', m.runId]);
  for (const figure of [...groups, ...(vote ? [vote] : []), ...(committee ? [committee] : [])]) {
    rows.push([figure.label, figure.group === null ? 'all' : (armLabel.get(figure.group) ?? figure.group), null, 'committee', figure.testErrors, figure.testErrorRate, figure === vote ? 'voted' : 'averaged', null]);
  }
  return {
    kind: 'table',
    title: 'Members and committee',
    caption: 'Test errors of every column and of the committee (the mean of the counted columns’ class probabilities).',
    columns: ['member', 'preprocessing', 'seed', 'status', 'test errors', 'error rate', 'probabilities', 'run'],
    rows,
  };
}

/** "committee of 5: 80 errors (0.80%), best member 95": the plan list's headline. */
export function committeeHeadline(result: CommitteeResult): string | null {
  if (!result.committee || result.testCount === null) return null;
  const pct = (r: number) => `${(100 * r).toFixed(2)}%`;
  const best = result.bestMember ? `; best member ${result.bestMember.testErrors}` : '';
  return `${result.committee.label}: ${result.committee.testErrors} errors of ${result.testCount} (${pct(result.committee.testErrorRate)})${best}`;
}
