import { getGradient } from '@tensorflow/tfjs-core';
import module from 'node:module';

/**
 * Node resolve hook for tfjs-core's ESM build (dist/*.js), whose relative imports have no file
 * extension and one of which ('./gradients') names both a file and a folder: plain Node (and tsx)
 * refuse both. Bundlers (vite, vitest, electron-vite) resolve them without help.
 */
const HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const parent = context.parentURL ?? '';
    const code = err && err.code;
    if (specifier.startsWith('.') && parent.includes('/@tensorflow/tfjs-core/dist/') &&
        (code === 'ERR_UNSUPPORTED_DIR_IMPORT' || code === 'ERR_MODULE_NOT_FOUND')) {
      return next(specifier + '.js', context);
    }
    throw err;
  }
}
export async function load(url, context, next) {
  if (url.includes('/@tensorflow/tfjs-core/dist/') && url.endsWith('.js') && !url.endsWith('.node.js') && !url.endsWith('tf-core.js')) {
    return next(url, { ...context, format: 'module' });
  }
  return next(url, context);
}
`;

let hookInstalled = false;

function installResolveHook(): void {
  if (hookInstalled || typeof module.register !== 'function') return;
  hookInstalled = true;
  module.register(`data:text/javascript,${encodeURIComponent(HOOK)}`, import.meta.url);
}

/**
 * tfjs-core's Node bundle registers no gradients (the @tensorflow/tfjs umbrella package does it);
 * load tfjs-core's own gradient definitions once, so tf.grad / tf.variableGrads work.
 */
export async function ensureGradients(): Promise<void> {
  if (getGradient('BatchMatMul') != null && getGradient('Conv2D') != null) return;
  // The CLI's bundle (scripts/cli-bundle.mjs) carries the gradients and defines this: no hook needed there.
  if (process.env.LAYERLAB_GRADIENTS_BUNDLED !== '1') installResolveHook();
  // With its .js: Node's ESM resolver refuses the bare deep path when it comes from a built bundle (out/main/trainer.js).
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  if (getGradient('BatchMatMul') == null) {
    throw new Error('tfjs-core gradients did not register (is more than one copy of @tensorflow/tfjs-core installed?)');
  }
}
