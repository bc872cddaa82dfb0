import { seriesColor } from '../charts/chart-colors';

/** Arm A and arm B of a paired plan, the same in every chart of the plan view. */
export const ARM_COLORS = { a: seriesColor(0), b: seriesColor(1) } as const;
