import type { LayerKindDef } from './catalog-types';
import { inputLayer } from './layers/input';
import { denseLayer } from './layers/dense';
import { conv2dLayer } from './layers/conv2d';
import { maxpool2dLayer } from './layers/maxpool2d';
import { avgpool2dLayer } from './layers/avgpool2d';
import { flattenLayer } from './layers/flatten';
import { reshapeLayer } from './layers/reshape';
import { dropoutLayer } from './layers/dropout';
import { activationLayer } from './layers/activation';
import { concatenateLayer } from './layers/concatenate';

/** Every layer kind LayerLab knows, in the order the editor's palette shows them. */
export const LAYER_KINDS: readonly LayerKindDef[] = [
  inputLayer,
  denseLayer,
  conv2dLayer,
  maxpool2dLayer,
  avgpool2dLayer,
  flattenLayer,
  reshapeLayer,
  dropoutLayer,
  activationLayer,
  concatenateLayer,
];

const byKind = new Map(LAYER_KINDS.map((def) => [def.kind, def]));

export function getLayerKind(kind: string): LayerKindDef | undefined {
  return byKind.get(kind);
}
