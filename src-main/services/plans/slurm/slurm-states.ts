import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC } from '../../../../src-shared/api/metrics';
import type { SlurmLiveMetrics, SlurmSlotState } from '../../../../src-shared/plans/slurm';
import type { SlurmTaskRecord } from '../../../store';
import type { ImportOutcome } from '../../run-records/import-record';
import { readRecordMetrics, type RunRecord } from '../../run-records/record-reader';
import type { SlurmTaskState } from './slurm-commands';

/** Slurm's job state words, as the plan view groups them. */
export function slotStateOf(slurmState: string): SlurmSlotState {
  const state = slurmState.toUpperCase();
  if (['PENDING', 'CONFIGURING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SUSPENDED', 'STOPPED'].includes(state)) return 'pending';
  if (['RUNNING', 'COMPLETING', 'SIGNALING', 'STAGE_OUT', 'RESIZING'].includes(state)) return 'running';
  if (state === 'COMPLETED') return 'completed';
  if (state.startsWith('CANCELLED')) return 'cancelled';
  if (state === 'TIMEOUT' || state === 'DEADLINE') return 'timed out';
  if (['FAILED', 'NODE_FAIL', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'PREEMPTED', 'SPECIAL_EXIT', 'REVOKED'].includes(state)) return 'failed';
  return 'unknown';
}

export const taskIdOf = (task: Pick<SlurmTaskRecord, 'jobId' | 'arrayIndex'>) => `${task.jobId}_${task.arrayIndex}`;
export const logFileOf = (task: Pick<SlurmTaskRecord, 'jobId' | 'arrayIndex' | 'planDir'>) => join(task.planDir, 'logs', `${task.jobId}_${task.arrayIndex}.out`);

/** The last lines of a task's Slurm output (its stderr too): what a failure said. */
export function logTail(task: SlurmTaskRecord, lines = 4): string | null {
  const file = logFileOf(task);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  return text ? text.split('\n').slice(-lines).join(' | ').slice(0, 600) : null;
}

export interface ResolvedState {
  state: SlurmSlotState;
  slurmState: string | null;
  message: string | null;
}

/**
 * One task's state from what is known: Slurm's verdict stored when the task ended, else squeue/sacct, else
 * (Slurm forgot the job) the line slurmstepd writes to the task's output when it cancels it, the record the
 * task wrote, and whether LayerLab itself cancelled it.
 */
export function resolveState(task: SlurmTaskRecord, live: SlurmTaskState | undefined, record: RunRecord | null, timeLimit: string | undefined): ResolvedState {
  const slurmState = task.finalState ?? live?.state ?? null;
  let state: SlurmSlotState = slurmState ? slotStateOf(slurmState) : 'unknown';
  if (state === 'unknown') {
    const log = existsSync(logFileOf(task)) ? readFileSync(logFileOf(task), 'utf8') : '';
    if (/CANCELLED AT .* DUE TO TIME LIMIT/.test(log)) state = 'timed out';
    else if (/\*\*\* JOB \d+ ON \S+ CANCELLED AT/.test(log) || task.cancelRequestedAt) state = 'cancelled';
    else if (record && (record.status.status === 'completed' || record.status.status === 'diverged')) state = 'completed';
    else if (record && ['failed', 'crashed', 'stopped'].includes(record.status.status)) state = 'failed';
    else if (log) state = 'failed';
  }
  return { state, slurmState, message: messageOf(state, task, live, record, timeLimit) };
}

function messageOf(state: SlurmSlotState, task: SlurmTaskRecord, live: SlurmTaskState | undefined, record: RunRecord | null, timeLimit: string | undefined): string | null {
  const epoch = record ? ` during epoch ${Math.floor(record.status.epochsDone) + 1} of ${record.run.config.epochs}` : ' before it started';
  switch (state) {
    case 'pending':
      return live?.reason ? `waiting for Slurm: ${live.reason}` : null;
    case 'timed out':
      return `Slurm stopped it at its time limit${timeLimit ? ` (--time ${timeLimit})` : ''}${epoch}; give the plan more --time and run \`layerlab plan resubmit\``;
    case 'cancelled':
      return `cancelled on Slurm (scancel)${epoch}`;
    case 'failed': {
      if (record?.status.error && record.status.status !== 'interrupted') return record.status.error;
      const tail = logTail(task);
      const exit = live?.exitCode ? ` (exit code ${live.exitCode})` : '';
      return `the Slurm task failed${exit}${record ? '' : ' before LayerLab wrote its record'}${tail ? `; its output ends: ${tail}` : `; see ${logFileOf(task)}`}`;
    }
    case 'unknown':
      return `Slurm no longer knows task ${taskIdOf(task)} and it left no record or output in ${task.planDir}`;
    default:
      return record?.status.error ?? null;
  }
}

/** What an ended task's run is in the history: its own outcome, or what Slurm did to it. */
export function importOutcome(resolved: ResolvedState, record: RunRecord): ImportOutcome {
  const own = record.status.status;
  if (resolved.state === 'completed' && own !== 'running' && own !== 'interrupted') return { status: own, error: record.status.error };
  if (resolved.state === 'cancelled') return { status: 'stopped', error: `${resolved.message}; its metrics up to then are kept` };
  if (own === 'failed' || own === 'crashed' || own === 'diverged' || own === 'completed' || own === 'stopped') return { status: own, error: record.status.error ?? resolved.message };
  return { status: 'failed', error: resolved.message };
}

/** A running task's figures so far, from its record. */
export function liveMetrics(record: RunRecord): SlurmLiveMetrics {
  const points = readRecordMetrics(record.dir);
  const curves: Record<string, [number, number][]> = {};
  const last: Record<string, number> = {};
  for (const point of points) {
    if (!point.key.startsWith('epoch/')) continue;
    (curves[point.key] ??= []).push([point.epoch, point.value]);
    last[point.key] = point.value;
  }
  return {
    epochsDone: record.status.epochsDone,
    epochs: record.run.config.epochs,
    metricPoints: points.length,
    trainLoss: last[METRIC.trainLoss] ?? null,
    valLoss: last[METRIC.valLoss] ?? null,
    valAcc: last[METRIC.valAcc] ?? null,
    heartbeatAt: record.status.heartbeatAt,
    curves,
  };
}
