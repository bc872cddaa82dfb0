import { describe, expect, it } from 'vitest';
import { addNode, connect, emptySpec, moveNodes, removeElements, setParam, withPositions } from '../../../../src-renderer/state/spec-edit';
import { History } from '../../../../src-renderer/state/history';
import { analyzeSpec } from '../../../../src-shared/network/analyze';

describe('editor spec edits', () => {
  it('adds nodes with fresh ids and the catalog defaults, leaving the old spec untouched', () => {
    const start = emptySpec();
    const { spec: one, id: first } = addNode(start, 'dense', { x: 10.4, y: 20.6 });
    const { spec: two, id: second } = addNode(one, 'dense', { x: 0, y: 0 });
    expect([first, second]).toEqual(['dense1', 'dense2']);
    expect(two.nodes.find((node) => node.id === 'dense1')).toMatchObject({ params: { units: 128, activation: 'linear', useBias: true }, position: { x: 10, y: 21 } });
    expect(start.nodes).toHaveLength(1);
    expect(() => addNode(start, 'transformer', { x: 0, y: 0 })).toThrow('unknown layer kind "transformer"');
  });

  it('connects once, never to itself, and the analysis sees the new shapes', () => {
    let { spec } = addNode(emptySpec(), 'flatten', { x: 0, y: 0 });
    expect(analyzeSpec(spec).nodes.get('flatten1')?.outputShape ?? null).toBeNull();
    spec = connect(spec, 'input', 'flatten1');
    expect(connect(spec, 'input', 'flatten1')).toBe(spec);
    expect(connect(spec, 'flatten1', 'flatten1')).toBe(spec);
    expect(analyzeSpec(spec).nodes.get('flatten1')?.outputShape).toEqual([784]);
  });

  it('removes nodes with their edges, and single edges', () => {
    let { spec } = addNode(emptySpec(), 'flatten', { x: 0, y: 0 });
    spec = addNode(spec, 'dense', { x: 0, y: 0 }).spec;
    spec = connect(connect(spec, 'input', 'flatten1'), 'flatten1', 'dense1');
    expect(removeElements(spec, ['flatten1'], []).edges).toEqual([]);
    expect(removeElements(spec, ['flatten1'], []).nodes.map((node) => node.id)).toEqual(['input', 'dense1']);
    expect(removeElements(spec, [], [{ from: 'flatten1', to: 'dense1' }]).edges).toEqual([{ from: 'input', to: 'flatten1' }]);
  });

  it('sets params and positions immutably, and lays out nodes that have no position', () => {
    const spec = setParam(emptySpec(), 'input', 'shape', [2]);
    expect(spec.nodes[0].params.shape).toEqual([2]);
    expect(emptySpec().nodes[0].params.shape).toEqual([28, 28, 1]);
    expect(moveNodes(spec, new Map([['input', { x: 5.5, y: 7 }]])).nodes[0].position).toEqual({ x: 6, y: 7 });
    const bare = { ...spec, nodes: [{ id: 'input', kind: 'input', params: {} }, { id: 'f', kind: 'flatten', params: {} }] };
    expect(withPositions(bare).nodes.map((node) => node.position)).toEqual([{ x: 80, y: 40 }, { x: 80, y: 150 }]);
  });
});

describe('undo history', () => {
  it('undoes and redoes whole snapshots, and a new edit clears the redo stack', () => {
    const history = new History<string>(3);
    history.record('a');
    history.record('b');
    expect(history.undo('c')).toBe('b');
    expect(history.redo('b')).toBe('c');
    expect(history.undo('c')).toBe('b');
    history.record('b');
    expect(history.canRedo).toBe(false);
    history.record('x');
    history.record('y');
    expect([history.undo('z'), history.undo('y'), history.undo('x'), history.undo('b')]).toEqual(['y', 'x', 'b', undefined]);
  });
});
