import { applyActivation, type ActivationName } from './activation-fn';
import type { LayerForward } from './types';

export const activationForward: LayerForward = ([x], params) => applyActivation(x, params.fn as ActivationName);
