import type { StudyVariant } from '../../src-shared/study/types';
import { seriesColor } from '../charts/chart-colors';

/** One colour per variant, the same in every chart of the study view. */
export const VARIANT_COLORS: Record<StudyVariant, string> = { dropout: seriesColor(0), noDropout: seriesColor(1) };
