import type { Migration } from '../migrate';
import { migration001Initial } from './001-initial';
import { migration002Studies } from './002-studies';
import { migration003Resume } from './003-resume';
import { migration004Procedures } from './004-procedures';
import { migration005SlurmTasks } from './005-slurm-tasks';
import { migration006MetricColumns } from './006-metric-columns';

/** Every migration in order; a new one is a new numbered file appended here. */
export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002Studies, migration003Resume, migration004Procedures, migration005SlurmTasks, migration006MetricColumns];
