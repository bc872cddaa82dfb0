import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawExchange, startTestHost, statusOf, type TestHost } from './host-helpers';

function csv(rows: number): string {
  const lines = ['a,b,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7) % 11},${i % 2 === 0 ? 'even' : 'odd'}`);
  return `${lines.join('\n')}\n`;
}

describe('datasets.import over HTTP reads only uploaded bytes or files in --allow-dir folders', () => {
  let test: TestHost;
  let allowed: string;

  beforeAll(async () => {
    test = await startTestHost({}, (root) => {
      allowed = join(root, 'allowed');
      mkdirSync(allowed);
      writeFileSync(join(allowed, 'table.csv'), csv(40));
      writeFileSync(join(allowed, 'secret.json'), 'TOPSECRET-CONTENT that is not json');
      writeFileSync(join(allowed, 'quoted.csv'), 'a,b\n1,TOPSECRET"x\n');
      symlinkSync(join(root, 'secret.txt'), join(allowed, 'link.csv'));
      return { allowedDirs: [allowed] };
    });
  });

  afterAll(async () => {
    await test.close();
  });

  const importing = (files: unknown[], extra: Record<string, unknown> = {}) => test.post('datasets.import', JSON.stringify({ name: 'd', files, target: 'label', dryRun: true, ...extra }));

  it('refuses a path outside the allowed folders the same way whether or not it exists, quoting nothing', async () => {
    const answers = [];
    for (const path of ['/etc/passwd', '/etc/no-such-file', join(test.root, 'secret.txt'), join(allowed, '..', 'secret.txt'), join(allowed, 'link.csv'), 'relative.csv']) {
      const response = await importing([{ path }]);
      expect(response.status, path).toBe(400);
      const message = (await response.json()).error.message as string;
      expect(message).toContain('--allow-dir');
      expect(message).not.toMatch(/root:|secret$/m);
      answers.push(message.replace(path, 'PATH'));
    }
    expect(answers[0]).toBe(answers[1]);
  });

  it('imports a file inside an allowed folder', async () => {
    const response = await importing([{ path: join(allowed, 'table.csv') }]);
    expect(response.status).toBe(200);
    expect((await response.json()).dataset.trainCount).toBeGreaterThan(0);
  });

  it('never quotes an allowed file’s content in its error', async () => {
    for (const name of ['secret.json', 'quoted.csv']) {
      const response = await importing([{ path: join(allowed, name) }]);
      expect(response.status).toBe(400);
      const message = (await response.json()).error.message as string;
      expect(message).toContain(name);
      expect(message).not.toContain('TOPSECRET');
    }
  });

  it('streams an upload to disk, imports it by id, then removes it', async () => {
    const put = await fetch(`${test.base}/api/uploads?filename=table.csv`, { method: 'PUT', body: csv(60), headers: { Authorization: `Bearer ${test.host.token}` } });
    expect(put.status).toBe(200);
    const { upload, bytes } = (await put.json()) as { upload: string; bytes: number };
    expect(bytes).toBe(Buffer.byteLength(csv(60)));
    const imported = await importing([{ upload }], { dryRun: false, name: 'uploaded' });
    expect(imported.status).toBe(200);
    expect((await imported.json()).dataset.trainCount + 0).toBeGreaterThan(0);
    expect(readdirSync(join(test.root, 'data', 'uploads'))).toEqual([]);
    const again = await importing([{ upload }], { name: 'again' });
    expect(again.status).toBe(400);
    expect((await importing([{ upload: '../../etc' }])).status).toBe(400);
  });

  it('refuses an upload without the credential or declared larger than the limit', async () => {
    expect((await fetch(`${test.base}/api/uploads?filename=a.csv`, { method: 'PUT', body: 'x' })).status).toBe(401);
    const answer = await rawExchange(test.host.port, `PUT /api/uploads?filename=a.idx HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${test.host.token}\r\nContent-Length: ${8 * 2 ** 30}\r\n\r\n`);
    expect(statusOf(answer)).toBe(413);
    expect(answer).toContain('layerlab dataset import');
    expect(existsSync(join(test.root, 'data', 'uploads')) ? readdirSync(join(test.root, 'data', 'uploads')) : []).toEqual([]);
  });
});
