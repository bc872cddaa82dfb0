import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, systemInfoAnswers, type TestHost } from './host-helpers';

/** input [3] → dropout × length: short ids keep 400k nodes under the 32 MiB body limit. */
function longChain(length: number) {
  const nodes: unknown[] = [{ id: 'in', kind: 'input', params: { shape: [3] } }];
  const edges: unknown[] = [];
  for (let i = 1; i <= length; i++) {
    nodes.push({ id: `d${i}`, kind: 'dropout', params: {} });
    edges.push({ from: i === 1 ? 'in' : `d${i - 1}`, to: `d${i}` });
  }
  return { format: 1, name: 'long', nodes, edges };
}

describe('a huge spec cannot hold up the host', () => {
  let test: TestHost;

  beforeAll(async () => {
    test = await startTestHost();
  });

  afterAll(async () => {
    await test.close();
  });

  it('a 400,000-node spec is refused at once by the node cap while system.info keeps answering', async () => {
    const body = JSON.stringify({ spec: longChain(400_000), config: {}, dataset: { name: 'spirals' } });
    expect(body.length).toBeLessThan(32 * 2 ** 20);
    const started = performance.now();
    const refused = test.post('runs.start', body).then(async (response) => ({ status: response.status, message: (await response.json()).error.message as string, ms: performance.now() - started }));
    const infos = Promise.all([systemInfoAnswers(test), systemInfoAnswers(test), systemInfoAnswers(test)]);
    const answer = await refused;
    expect(answer.status).toBe(400);
    expect(answer.message).toContain('more than the 10000 a network may have');
    // Was 18 s (a quadratic topological sort); "well under a second" with room for a loaded CI machine.
    expect(answer.ms).toBeLessThan(5000);
    expect(await infos).toEqual([true, true, true]);
  });

  it('a spec just under the cap is analysed in linear time', async () => {
    const body = JSON.stringify({ spec: longChain(9_999), config: {}, dataset: { name: 'spirals' } });
    const response = await test.post('runs.start', body);
    // A valid graph, analysed in full: refused only because its input does not fit the spirals data.
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain('node "in": input shape');
  });
});
