import type { NodeAnalysis } from '../../../src-shared/network/analysis-types';
import type { ExportFiles } from '../export-files';
import { requireExportable } from '../layer-support';
import { inputShapeOf, orderedNodes, type ExportNetwork } from '../network';
import { npzBytes } from './npz';
import { pythonNames, pythonWeights, pyTuple, samePadding } from './python-weights';

const ACTIVATIONS: Record<string, (x: string) => string> = {
  linear: (x) => x,
  relu: (x) => `F.relu(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  tanh: (x) => `torch.tanh(${x})`,
  softmax: (x) => `F.softmax(${x}, dim=-1)`,
};

interface Lines {
  /** Lines of __init__ (modules with weights). */
  init: string[];
  /** The forward line(s), assigning the node's output variable. */
  forward: string[];
  /** Lines of load_weights. */
  load: string[];
}

type Writer = (node: NodeAnalysis, name: string, inputs: string[]) => Lines;

/** F.pad's (left, right, top, bottom) for a 'same' window, or null for 'valid' (or a 'same' that pads nothing). */
function pads(node: NodeAnalysis, window: number, stride: number): number[] | null {
  if (node.params.padding !== 'same') return null;
  const [height, width] = node.inputShapes[0];
  const [top, bottom] = samePadding(height, window, stride);
  const [left, right] = samePadding(width, window, stride);
  const all = [left, right, top, bottom];
  return all.some((pad) => pad > 0) ? all : null;
}

const act = (node: NodeAnalysis, x: string) => ACTIVATIONS[node.params.activation as string](x);

const PYTORCH_WRITERS: Readonly<Record<string, Writer>> = {
  input: () => ({ init: [], forward: [], load: [] }),
  dense: (node, name, [x]) => {
    const bias = node.params.useBias !== false;
    return {
      init: [`self.${name} = nn.Linear(${node.inputShapes[0][0]}, ${node.params.units}, bias=${bias ? 'True' : 'False'})`],
      forward: [`${name} = ${act(node, `self.${name}(${x})`)}`],
      load: [`model.${name}.weight.copy_(array("${name}.kernel").T)  # [in, units] -> [units, in]`, ...(bias ? [`model.${name}.bias.copy_(array("${name}.bias"))`] : [])],
    };
  },
  conv2d: (node, name, [x]) => {
    const bias = node.params.useBias !== false;
    const k = node.params.kernelSize as number;
    const stride = node.params.stride as number;
    const padding = pads(node, k, stride);
    const input = padding ? `F.pad(nchw(${x}), ${pyTuple(padding)})` : `nchw(${x})`;
    return {
      init: [`self.${name} = nn.Conv2d(${node.inputShapes[0][2]}, ${node.params.filters}, kernel_size=${k}, stride=${stride}, bias=${bias ? 'True' : 'False'})`],
      forward: [`${name} = nhwc(${act(node, `self.${name}(${input})`)})`],
      load: [`model.${name}.weight.copy_(array("${name}.kernel").permute(3, 2, 0, 1))  # HWIO -> OIHW`, ...(bias ? [`model.${name}.bias.copy_(array("${name}.bias"))`] : [])],
    };
  },
  maxpool2d: (node, name, [x]) => {
    const size = node.params.poolSize as number;
    const stride = (node.params.stride as number | null) ?? size;
    const padding = pads(node, size, stride);
    // Padded with -inf, so a window's maximum is over real values only.
    const input = padding ? `F.pad(nchw(${x}), ${pyTuple(padding)}, value=float("-inf"))` : `nchw(${x})`;
    return { init: [], forward: [`${name} = nhwc(F.max_pool2d(${input}, ${size}, ${stride}))`], load: [] };
  },
  avgpool2d: (node, name, [x]) => {
    const size = node.params.poolSize as number;
    const stride = (node.params.stride as number | null) ?? size;
    const padding = pads(node, size, stride);
    return { init: [], forward: [`${name} = nhwc(avg_pool(nchw(${x}), ${size}, ${stride}, ${padding ? pyTuple(padding) : 'None'}))`], load: [] };
  },
  flatten: (node, name, [x]) => ({ init: [], forward: [`${name} = torch.flatten(${x}, 1)  # channels last, as LayerLab flattens`], load: [] }),
  reshape: (node, name, [x]) => ({ init: [], forward: [`${name} = ${x}.reshape(-1, ${node.outputShape!.join(', ')})`], load: [] }),
  dropout: (node, name, [x]) => ({
    init: [`self.${name} = nn.Dropout(${node.params.rate})  # off in eval mode`],
    forward: [`${name} = self.${name}(${x})`],
    load: [],
  }),
  activation: (node, name, [x]) => ({ init: [], forward: [`${name} = ${ACTIVATIONS[node.params.fn as string](x)}`], load: [] }),
  concatenate: (node, name, inputs) => {
    const axis = node.params.axis as number;
    return { init: [], forward: [`${name} = torch.cat([${inputs.join(', ')}], dim=${axis < 0 ? axis : axis + 1})`], load: [] };
  },
};

/**
 * A PyTorch script (model.py) that rebuilds the network as an nn.Module and loads weights.npz. Tensors stay
 * channels last between layers, as in LayerLab; convolutions and pools see them as NCHW. The module takes raw
 * inputs: its first line applies the run's preprocessing.
 */
export function pytorchExport(network: ExportNetwork): ExportFiles {
  const nodes = orderedNodes(network);
  requireExportable(nodes, 'pytorch', Object.keys(PYTORCH_WRITERS));
  const names = pythonNames(network);
  const variable = new Map<string, string>();
  const init: string[] = [];
  const forward: string[] = [];
  const load: string[] = [];
  for (const node of nodes) {
    const name = names.get(node.id)!;
    if (node.kind === 'input') {
      variable.set(node.id, 'x');
      continue;
    }
    const lines = PYTORCH_WRITERS[node.kind](node, name, node.inputs.map((id) => variable.get(id)!));
    variable.set(node.id, name);
    init.push(...lines.init);
    forward.push(...lines.forward);
    load.push(...lines.load);
  }
  const inputShape = inputShapeOf(network);
  const scaling = network.preprocessing;
  if (scaling) {
    init.push('# x\' = (x - offset) * scale, per input value (filled by load_weights)');
    init.push(`self.register_buffer("offset", torch.zeros(${pyTuple(inputShape)}))`, `self.register_buffer("scale", torch.ones(${pyTuple(inputShape)}))`);
    load.push('model.offset.copy_(array("preprocess.offset"))', 'model.scale.copy_(array("preprocess.scale"))');
  }
  const output = variable.get(network.analysis.outputId!)!;
  const script = `"""
${network.name}: a network trained in LayerLab (run ${network.runId}), rebuilt in PyTorch.

    python3 model.py                       # builds it, loads weights.npz, prints the layers
    python3 model.py inputs.npy out.f32    # predicts raw inputs (N, ${inputShape.join(', ')}), writes float32 outputs

The model takes raw inputs, channels last as LayerLab's: ${scaling ? 'forward() first applies the preprocessing the run trained with,\nx\' = (x - offset) * scale per input value (preprocess.offset and preprocess.scale in weights.npz).' : 'the run used its inputs as stored (no preprocessing).'}
weights.npz holds the weights in LayerLab's layout (dense kernel [in, units], conv kernel [h, w, in, out]);
load_weights() transposes them into PyTorch's.
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def avg_pool(x, size, stride, pads):
    """Average pooling; a padded window averages its real values only, as LayerLab (and TensorFlow) do."""
    if pads is None:
        return F.avg_pool2d(x, size, stride)
    ones = torch.ones_like(x[:, :1])
    return F.avg_pool2d(F.pad(x, pads), size, stride) / F.avg_pool2d(F.pad(ones, pads), size, stride)


class LayerLabNet(nn.Module):
    def __init__(self):
        super().__init__()
${indent([...init, ...(init.length ? [] : ['pass'])], 8)}

    def forward(self, x):
${indent([...(scaling ? ['x = (x - self.offset) * self.scale'] : []), ...forward, `return ${output}`], 8)}


def load_weights(model, path="weights.npz"):
    weights = np.load(path)

    def array(name):
        return torch.from_numpy(weights[name])

    with torch.no_grad():
${indent(load.length ? load : ['pass'], 8)}
    return model


def build(path="weights.npz"):
    return load_weights(LayerLabNet(), path).eval()


if __name__ == "__main__":
    model = build()
    if len(sys.argv) == 3:
        inputs = torch.from_numpy(np.load(sys.argv[1]).astype(np.float32))
        with torch.no_grad():
            model(inputs).numpy().astype("<f4").tofile(sys.argv[2])
    else:
        print(model)
`;
  return {
    files: [
      { name: 'model.py', data: new TextEncoder().encode(script) },
      { name: 'weights.npz', data: npzBytes(pythonWeights(network, names)) },
    ],
  };
}

function indent(lines: string[], spaces: number): string {
  return lines.map((line) => ' '.repeat(spaces) + line).join('\n');
}
