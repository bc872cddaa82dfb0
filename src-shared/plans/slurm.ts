/** A plan's slots on a Slurm cluster, as the CLI and the plan view show them. Data only. */

/** Slurm's states, grouped as a researcher reads them; 'unknown': Slurm forgot the task and it left no record. */
export const SLURM_SLOT_STATES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timed out', 'unknown'] as const;
export type SlurmSlotState = (typeof SLURM_SLOT_STATES)[number];

export const SLURM_ENDED_STATES: readonly SlurmSlotState[] = ['completed', 'failed', 'cancelled', 'timed out'];
/** Ended without a result: `layerlab plan resubmit` sends these slots again. */
export const SLURM_RESUBMITTABLE_STATES: readonly SlurmSlotState[] = ['failed', 'cancelled', 'timed out'];

/** A running task's latest figures, read from its run record on the shared folder. */
export interface SlurmLiveMetrics {
  epochsDone: number;
  epochs: number;
  metricPoints: number;
  trainLoss: number | null;
  valLoss: number | null;
  valAcc: number | null;
  /** The task's last heartbeat (ISO time). */
  heartbeatAt: string | null;
  /** Per metric key: [epoch, value] points of the epoch-end curves, for live charts. */
  curves: Record<string, [number, number][]>;
}

/** The latest Slurm attempt of one slot. */
export interface SlurmSlotStatus {
  slot: string;
  arm: string;
  seed: number;
  state: SlurmSlotState;
  /** "<jobId>_<index>", as squeue and scancel name it. */
  taskId: string;
  runId: string;
  /** Slurm attempts of this slot so far (a resubmit adds one). */
  attempts: number;
  /** Its run is in the history (layerlab plan sync brought it home). */
  synced: boolean;
  /** Slurm's state word (PENDING, RUNNING, TIMEOUT, …) or null when Slurm no longer knows the task. */
  slurmState: string | null;
  /** Why it failed, was cancelled or timed out; why it waits. */
  message: string | null;
  live: SlurmLiveMetrics | null;
}

export interface SlurmPlanStatus {
  planId: string;
  /** The plan's folder on the shared filesystem. */
  planDir: string | null;
  slots: SlurmSlotStatus[];
  counts: Record<SlurmSlotState, number>;
}

/** What a submission to Slurm did (plans.slurm.submit and resubmit, `layerlab plan … --slurm`). */
export interface SlurmSubmitResult {
  planId: string;
  planDir: string;
  /** Null when every slot was done or on the cluster already. */
  jobId: string | null;
  submitted: { slot: string; runId: string; taskId: string }[];
  /** Slots with a settled run in the history. */
  skipped: string[];
  /** Slots whose task is pending, running or ended but not synced yet. */
  onCluster: string[];
}

export interface SlurmSyncResult {
  imported: { slot: string; runId: string; status: string }[];
  status: SlurmPlanStatus;
}
