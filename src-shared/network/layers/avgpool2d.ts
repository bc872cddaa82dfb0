import { pooling2dLayer } from './pooling';

export const avgpool2dLayer = pooling2dLayer('avgpool2d', 'Average pool 2D', 'Averages each window, per channel.');
