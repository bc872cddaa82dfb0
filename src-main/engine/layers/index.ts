import type { LayerForward } from './types';
import { inputForward } from './input';
import { denseForward } from './dense';
import { conv2dForward } from './conv2d';
import { avgpool2dForward, maxpool2dForward } from './pool2d';
import { flattenForward } from './flatten';
import { reshapeForward } from './reshape';
import { dropoutForward } from './dropout';
import { activationForward } from './activation';
import { concatenateForward } from './concatenate';

/** The engine's half of each catalog kind: how it computes. Shapes and weights come from the catalog. */
export const LAYER_FORWARD: Readonly<Record<string, LayerForward>> = {
  input: inputForward,
  dense: denseForward,
  conv2d: conv2dForward,
  maxpool2d: maxpool2dForward,
  avgpool2d: avgpool2dForward,
  flatten: flattenForward,
  reshape: reshapeForward,
  dropout: dropoutForward,
  activation: activationForward,
  concatenate: concatenateForward,
};

export type { LayerForward, LayerContext } from './types';
export { applyActivation, type ActivationName } from './activation-fn';
export { dropoutMask } from './dropout';
