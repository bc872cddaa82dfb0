import { describe, expect, it } from 'vitest';
import { runCli, spiralsSpec, tempDir, writeJson } from './cli-helpers';

/** Each bad input exits 2 with a message that names the node or field, and no stack trace. */
const dir = tempDir();
const dataDir = tempDir();

async function expectBadInput(args: string[], mentions: RegExp): Promise<string> {
  const result = await runCli([...args, '--data-dir', dataDir]);
  expect(result.stderr).toMatch(mentions);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(2);
  return result.stderr;
}

describe('layerlab run with bad input exits 2 naming the place', { timeout: 300_000 }, () => {
  it('shape mismatch: a 4-d conv kernel on a flat input', async () => {
    const spec = spiralsSpec({
      nodes: [
        { id: 'in', kind: 'input', params: { shape: [2] } },
        { id: 'conv1', kind: 'conv2d', params: { filters: 4, kernelSize: 3 } },
        { id: 'out', kind: 'dense', params: { units: 2, activation: 'softmax' } },
      ],
      edges: [
        { from: 'in', to: 'conv1' },
        { from: 'conv1', to: 'out' },
      ],
    });
    await expectBadInput(['run', writeJson(dir, 'mismatch.json', spec), '--dataset', 'spirals'], /node "conv1"/);
  });

  it('cycle', async () => {
    const spec = spiralsSpec();
    spec.edges.push({ from: 'h2', to: 'h1' });
    await expectBadInput(['run', writeJson(dir, 'cycle.json', spec), '--dataset', 'spirals'], /node "h[12]".*cycle|cycle.*"h[12]"/);
  });

  it('unknown layer kind', async () => {
    const spec = spiralsSpec();
    spec.nodes[1] = { id: 'h1', kind: 'lstm', params: {} };
    await expectBadInput(['run', writeJson(dir, 'unknown-kind.json', spec), '--dataset', 'spirals'], /node "h1".*"lstm"/);
  });

  it('negative units', async () => {
    const spec = spiralsSpec();
    spec.nodes[2] = { id: 'h2', kind: 'dense', params: { units: -5 } };
    await expectBadInput(['run', writeJson(dir, 'negative-units.json', spec), '--dataset', 'spirals'], /node "h2".*units.*-5/);
  });

  it('NaN learning rate on the command line', async () => {
    await expectBadInput(['run', writeJson(dir, 'ok.json', spiralsSpec()), '--dataset', 'spirals', '--lr', 'NaN'], /--lr \(config\.learningRate\)/);
  });

  it('NaN learning rate in a config file', async () => {
    const config = writeJson(dir, 'nan-config.json', { learningRate: 'NaN' });
    await expectBadInput(['run', writeJson(dir, 'ok.json', spiralsSpec()), '--dataset', 'spirals', '--config', config], /config\.learningRate/);
  });

  it('missing dataset', async () => {
    await expectBadInput(['run', writeJson(dir, 'ok.json', spiralsSpec()), '--dataset', 'no-such-set'], /dataset.*"no-such-set"/);
  });

  it('missing spec file', async () => {
    await expectBadInput(['run', `${dir}/does-not-exist.json`], /does-not-exist\.json: cannot read it \(no such file\)/);
  });

  it('show with a run id that is not in the history', async () => {
    await runCli(['run', writeJson(dir, 'bad.json', { format: 1 }), '--data-dir', dataDir]);
    await expectBadInput(['show', 'no-such-run'], /no run with id "no-such-run"/);
  });

  it('unknown option', async () => {
    await expectBadInput(['run', writeJson(dir, 'ok.json', spiralsSpec()), '--epoch', '3'], /unknown option --epoch/);
  });
});
