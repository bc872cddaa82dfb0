import type { CurveBand } from '../../src-shared/study/types';

/** One mean ± sd curve of a BandChart. */
export interface BandLine {
  label: string;
  color: string;
  dashed?: boolean;
  band: CurveBand;
}
