import { describe, expect, it } from 'vitest';
import { analyzeSpec, SpecError, validateSpec, type ModelSpec } from '../../../src-shared/network';
import { chain } from './build';

function messages(spec: unknown): string[] {
  return analyzeSpec(spec).issues.map((issue) => issue.message);
}

/** The SpecError validateSpec throws for `spec`. */
function rejection(spec: unknown): SpecError {
  try {
    validateSpec(spec);
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('validateSpec accepted the spec');
}

const mlp = chain(['in', 'input'], ['flat', 'flatten'], ['fc1', 'dense', { units: 32, activation: 'relu' }], ['out', 'dense', { units: 10 }]);

describe('a valid spec', () => {
  it('validates, with order, input, output and shapes', () => {
    const { spec, analysis } = validateSpec(mlp);
    expect(spec.nodes).toHaveLength(4);
    expect(analysis).toMatchObject({ ok: true, issues: [], order: ['in', 'flat', 'fc1', 'out'], inputId: 'in', outputId: 'out', outputShape: [10] });
    // fc1: 784·32 + 32 = 25,120; out: 32·10 + 10 = 330
    expect(analysis.totalParams).toBe(25_450);
    expect(analysis.nodes.get('fc1')!.params).toEqual({ units: 32, activation: 'relu', useBias: true });
    expect(analysis.nodes.get('out')!.inputs).toEqual(['fc1']);
  });
});

describe('errors, one per class', () => {
  it('shape mismatch: dense after a 3-D input names the node and suggests a flatten', () => {
    const error = rejection(chain(['in', 'input'], ['fc1', 'dense']));
    expect(error.issues).toEqual([
      { nodeId: 'fc1', param: undefined, message: 'node "fc1": dense needs a flat input (one axis) but gets 28×28×1; insert a flatten before it' },
    ]);
    expect(error.message).toContain('node "fc1"');
  });

  it('cycle: names a node on it and the loop', () => {
    const spec = chain(['in', 'input'], ['flat', 'flatten'], ['a', 'dense'], ['b', 'dense'], ['out', 'dense']);
    spec.edges.push({ from: 'b', to: 'a' });
    expect(messages(spec)).toEqual([
      'node "a": it is on a cycle "a" → "b" → "a"; a network cannot feed into itself, remove one of these edges',
    ]);
    const selfLoop = chain(['in', 'input'], ['flat', 'flatten'], ['a', 'dense']);
    selfLoop.edges.push({ from: 'a', to: 'a' });
    expect(messages(selfLoop)[0]).toContain('node "a": it is on a cycle "a" → "a"');
  });

  it('unknown kind: lists the known kinds', () => {
    expect(messages(chain(['in', 'input'], ['x', 'densee']))).toEqual([
      'node "x": unknown layer kind "densee"; the known kinds are input, dense, conv2d, maxpool2d, avgpool2d, flatten, reshape, dropout, activation, concatenate',
    ]);
  });

  it('negative units: quotes the value', () => {
    const analysis = analyzeSpec(chain(['in', 'input', { shape: [4] }], ['fc1', 'dense', { units: -5 }]));
    expect(analysis.issues).toEqual([{ nodeId: 'fc1', param: 'units', message: 'node "fc1": units must be a whole number ≥ 1, got -5' }]);
    expect(analysis.nodes.get('fc1')!.issues).toHaveLength(1);
    expect(analysis.nodes.get('fc1')!.outputShape).toBeNull();
  });

  it('NaN and Infinity params are refused', () => {
    const spec = chain(['in', 'input', { shape: [4] }], ['d', 'dropout', { rate: Number.NaN }], ['fc', 'dense', { units: Number.POSITIVE_INFINITY }]);
    expect(messages(spec)).toEqual([
      'node "d": rate must be a number ≥ 0 and < 1, got NaN',
      'node "fc": units must be a whole number ≥ 1, got Infinity',
    ]);
  });

  it('unreachable node: not connected to the input', () => {
    const spec = chain(['in', 'input', { shape: [4] }], ['fc', 'dense']);
    spec.nodes.push({ id: 'lost', kind: 'dense', params: {} });
    expect(messages(spec)).toEqual(['node "lost": not connected to the input "in"; connect it or delete it']);
  });

  it('two inputs: needs exactly one', () => {
    const spec: ModelSpec = {
      format: 1,
      name: 'two inputs',
      nodes: [
        { id: 'a', kind: 'input', params: { shape: [4] } },
        { id: 'b', kind: 'input', params: { shape: [4] } },
        { id: 'cat', kind: 'concatenate', params: {} },
      ],
      edges: [{ from: 'a', to: 'cat' }, { from: 'b', to: 'cat' }],
    };
    expect(messages(spec)).toEqual(['node "b": the network has 2 input nodes ("a", "b"); it needs exactly one']);
    expect(messages({ ...spec, nodes: spec.nodes.slice(2), edges: [] })[0]).toBe('the network has no input node; add a node of kind "input"');
  });

  it('kernel larger than the input', () => {
    const spec = chain(
      ['in', 'input', { shape: [7, 7, 1] }],
      ['conv1', 'conv2d', { kernelSize: 3 }],
      ['conv2', 'conv2d', { kernelSize: 7 }],
    );
    const [issue] = analyzeSpec(spec).issues;
    expect(issue).toMatchObject({ nodeId: 'conv2', param: 'kernelSize' });
    expect(issue.message).toMatch(/^node "conv2": kernel 7 is larger than its 5x5 input; /);
  });

  it('reshape to a different number of values', () => {
    expect(messages(chain(['in', 'input'], ['r', 'reshape', { targetShape: [27, 28] }]))).toEqual([
      'node "r": cannot reshape 28×28×1 (784 values) to 27×28 (756 values); the sizes must match',
    ]);
  });
});

describe('other structural errors', () => {
  it('duplicate ids and edges to missing nodes', () => {
    const spec = chain(['in', 'input', { shape: [4] }], ['fc', 'dense']);
    spec.nodes.push({ id: 'fc', kind: 'dense', params: {} });
    spec.edges.push({ from: 'fc', to: 'ghost' });
    expect(messages(spec)).toEqual([
      'node "fc": 2 nodes share this id; give each node its own id',
      'edge "fc" → "ghost": there is no node "ghost"; delete the edge or add the node',
    ]);
  });

  it('a second dead end is an error; the deepest one is the output', () => {
    const spec = chain(['in', 'input', { shape: [4] }], ['h', 'dense'], ['out', 'dense', { units: 2 }]);
    spec.nodes.push({ id: 'side', kind: 'dropout', params: {} });
    spec.edges.push({ from: 'h', to: 'side' });
    const analysis = analyzeSpec(spec);
    expect(analysis.outputId).toBe('out');
    expect(analysis.issues.map((issue) => issue.message)).toEqual([
      'node "side": dead end, nothing uses its output; connect it to a later layer or delete it (the network\'s output is "out")',
    ]);
  });

  it('input counts per kind', () => {
    expect(messages(chain(['in', 'input', { shape: [4] }], ['cat', 'concatenate']))).toEqual(['node "cat": concatenate takes at least 2 inputs, got 1']);
    const spec = chain(['in', 'input', { shape: [4] }], ['a', 'dense'], ['b', 'dense']);
    spec.edges.push({ from: 'in', to: 'b' });
    expect(messages(spec)).toEqual(['node "b": dense takes 1 input, got 2']);
  });

  it('unknown params and wrong types name the param and the value', () => {
    expect(
      messages(chain(['in', 'input', { shape: [4] }], ['fc', 'dense', { unit: 3, activation: 'gelu', useBias: 'yes' }])),
    ).toEqual([
      'node "fc": dense has no parameter "unit"; its parameters are units, activation, useBias',
      'node "fc": activation must be one of "linear", "relu", "sigmoid", "tanh", "softmax", got "gelu"',
      'node "fc": useBias must be true or false, got "yes"',
    ]);
    expect(messages(chain(['in', 'input'], ['p', 'maxpool2d', { stride: 0 }]))).toEqual(['node "p": stride must be a whole number ≥ 1 or empty, got 0']);
    expect(messages(chain(['in', 'input', { shape: [28, 0] }], ['f', 'flatten']))).toEqual([
      'node "in": shape must be a non-empty list of whole numbers ≥ 1, e.g. [28, 28, 1], got [28, 0]',
    ]);
  });

  it('schema errors are readable and name the node', () => {
    expect(messages({ format: 2, name: 'x', nodes: [{ id: 'in', kind: 'input' }] })).toEqual([
      'spec.format: must be 1, the spec format this version of LayerLab reads',
    ]);
    expect(messages({ format: 1, name: 'x', nodes: [{ id: 'in', kind: 7 }] })).toEqual(['node "in": kind: must name a layer kind, e.g. "dense"']);
    expect(messages('not a spec')).toHaveLength(1);
    expect(() => validateSpec(null)).toThrow(SpecError);
  });
});

describe('tolerance for half-built graphs', () => {
  it('computes what it can upstream of an error and attaches issues to nodes', () => {
    const spec = chain(['in', 'input'], ['c1', 'conv2d', { filters: 4 }], ['fc', 'dense'], ['out', 'dense']);
    spec.nodes.push({ id: 'loose', kind: 'dense', params: { units: 0 } });
    const analysis = analyzeSpec(spec);
    expect(analysis.ok).toBe(false);
    expect(analysis.nodes.get('c1')).toMatchObject({ outputShape: [26, 26, 4], paramCount: 40 }); // 3·3·1·4 + 4
    expect(analysis.nodes.get('fc')!.outputShape).toBeNull();
    expect(analysis.nodes.get('out')).toMatchObject({ outputShape: null, issues: [] });
    expect(analysis.nodes.get('loose')!.issues.map((issue) => issue.message)).toEqual([
      'node "loose": not connected to the input "in"; connect it or delete it',
      'node "loose": units must be a whole number ≥ 1, got 0',
    ]);
    expect(analysis.totalParams).toBe(40);
  });

  it('a lone input is not yet a network', () => {
    expect(messages(chain(['in', 'input']))).toEqual(['node "in": the network is only an input; add layers after it']);
  });
});

describe('tolerance for malformed items', () => {
  it('reports a malformed node and still analyzes the rest', () => {
    const spec = chain(['in', 'input', { shape: [4] }], ['fc', 'dense', { units: 3 }]);
    const raw = { ...spec, nodes: [...spec.nodes, { id: 'bad id', kind: 'dense' }] };
    const analysis = analyzeSpec(raw);
    expect(analysis.issues.map((issue) => issue.message)).toEqual([
      'node "bad id": id: a node id is a letter or _ followed by letters, digits, _ or -',
    ]);
    expect(analysis.nodes.get('fc')!.outputShape).toEqual([3]);
    expect(() => validateSpec(raw)).toThrow('node "bad id"');
  });
});
