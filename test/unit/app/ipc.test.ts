import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_CALL_CHANNEL } from '../../../src-shared/api/bridge';
import type { ApiService } from '../../../src-main/services/api-service-types';

// Only the Electron module is replaced (its binary cannot be downloaded here); the service is the real one.
vi.mock('electron', () => ({}));

const { answerCall, registerApiIpc } = await import('../../../src-main/app/ipc');
const { createApiService } = await import('../../../src-main/services/api-service');

describe('API over IPC (electron mocked: binary not available here)', () => {
  let dataDir: string;
  let service: ApiService;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'layerlab-ipc-'));
    service = createApiService({ dataDir });
  });

  afterAll(async () => {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a known method with its result', async () => {
    const reply = await answerCall(service, 'runs.list', {});
    expect(reply).toEqual({ ok: true, result: [] });
    const info = await answerCall(service, 'system.info', {});
    expect(info.ok && (info.result as { dataDir: string }).dataDir).toBe(dataDir);
  });

  it('rejects a method that is not in the contract', async () => {
    for (const method of ['runs.format', '__proto__', 'constructor', 42, null]) {
      const reply = await answerCall(service, method, {});
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('not-found');
    }
  });

  it('rejects bad params with a message naming the field', async () => {
    const reply = await answerCall(service, 'runs.get', { runId: 7 });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('bad-request');
      expect(reply.error.message).toContain('runId');
    }
    const missing = await answerCall(service, 'runs.compare', {});
    expect(missing.ok).toBe(false);
  });

  it('turns a service error into a reply, not a throw', async () => {
    const reply = await answerCall(service, 'runs.get', { runId: 'no-such-run' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('registers one handler and refuses senders other than the app page', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    };
    const appUrl = 'file:///app/index.html';
    const dispose = registerApiIpc(ipcMain as never, service, (url) => url === appUrl);
    expect([...handlers.keys()]).toEqual([IPC_CALL_CHANNEL]);
    const handler = handlers.get(IPC_CALL_CHANNEL)!;
    expect(await handler({ senderFrame: { url: appUrl } }, 'runs.list', {})).toEqual({ ok: true, result: [] });
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, 'runs.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    dispose();
    expect(handlers.size).toBe(0);
  });
});
