import { pooling2dLayer } from './pooling';

export const maxpool2dLayer = pooling2dLayer('maxpool2d', 'Max pool 2D', 'Keeps the largest value of each window, per channel.');
