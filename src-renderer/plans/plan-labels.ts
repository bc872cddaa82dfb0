import type { PlanKind } from '../../src-shared/plans/types';

export const KIND_LABELS: Record<PlanKind, string> = { dropout: 'dropout study', ablation: 'paired ablation', sweep: 'sweep', committee: 'committee' };
