import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { alertId, type Alert } from '@surv/domain';
import { ConsoleNotifier, JsonlFileNotifier, WebhookNotifier, formatAlertLine } from '@surv/local-runtime';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeTempDirs, tempDir } from './temp-dirs';

afterAll(removeTempDirs);

const alert: Alert = {
  alert_id: alertId({ rule: 'SPOOFING', symbol: 'ACME', key: 'ACC-7', windowStart: '2024-03-04T14:30:00.000Z', windowEnd: '2024-03-04T14:31:00.000Z' }),
  rule: 'SPOOFING', pattern: 'LAYERING', severity: 'HIGH', symbol: 'ACME', account_id: 'ACC-7',
  window_start: '2024-03-04T14:30:00.000Z', window_end: '2024-03-04T14:31:00.000Z', evidence: { cancels: 12, cancel_ratio: 0.923 }, detected_at: '2024-03-04T14:31:00.000Z',
};

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => { await closeServer?.(); closeServer = undefined; });

const serve = async (handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closeServer = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
};

describe('WebhookNotifier', () => {
  it('POSTs the alerts as JSON and retries 5xx with exponential backoff', async () => {
    const bodies: unknown[] = [];
    let calls = 0;
    const url = await serve((req, body, res) => {
      calls++;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toBe('application/json');
      bodies.push(JSON.parse(body));
      res.statusCode = calls < 3 ? 503 : 204;
      res.end();
    });
    const delays: number[] = [];
    const n = new WebhookNotifier({ url, baseDelayMs: 100, jitter: false, sleep: async (ms) => { delays.push(ms); } });
    await n.notify([alert]);
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
    expect(bodies[2]).toEqual({ alerts: [alert] });
  });

  it('gives up after maxAttempts with a typed error', async () => {
    let calls = 0;
    const url = await serve((_req, _body, res) => { calls++; res.statusCode = 500; res.end(); });
    const n = new WebhookNotifier({ url, maxAttempts: 3, sleep: async () => {} });
    await expect(n.notify([alert])).rejects.toMatchObject({ code: 'LOCAL_NOTIFY_FAILED', message: expect.stringContaining('after 3 attempts') });
    expect(calls).toBe(3);
  });

  it('does not retry a 4xx refusal', async () => {
    let calls = 0;
    const url = await serve((_req, _body, res) => { calls++; res.statusCode = 400; res.end(); });
    await expect(new WebhookNotifier({ url, sleep: async () => {} }).notify([alert])).rejects.toMatchObject({ code: 'LOCAL_NOTIFY_FAILED' });
    expect(calls).toBe(1);
  });

  it('retries when the connection is refused, and validates its options', async () => {
    const url = await serve((_req, _body, res) => res.end());
    await closeServer!();
    closeServer = undefined;
    const sleeps: number[] = [];
    await expect(new WebhookNotifier({ url, maxAttempts: 2, jitter: false, sleep: async (ms) => { sleeps.push(ms); } }).notify([alert])).rejects.toMatchObject({ code: 'LOCAL_NOTIFY_FAILED' });
    expect(sleeps).toEqual([200]);
    expect(() => new WebhookNotifier({ url: 'ftp://x' })).toThrow(expect.objectContaining({ code: 'LOCAL_INVALID_OPTIONS' }));
    expect(() => new WebhookNotifier({ url, maxAttempts: 0 })).toThrow(expect.objectContaining({ code: 'LOCAL_INVALID_OPTIONS' }));
  });
});

describe('ConsoleNotifier and JsonlFileNotifier', () => {
  it('prints one readable line per alert', async () => {
    const lines: string[] = [];
    await new ConsoleNotifier((l) => lines.push(l)).notify([alert, alert]);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(formatAlertLine(alert));
    expect(lines[0]).toContain('[HIGH] SPOOFING/LAYERING ACME account=ACC-7 2024-03-04 14:30:00 → 14:31:00 cancels=12 cancel_ratio=0.923');
    expect(lines[0]).not.toContain('\n');
  });

  it('appends alerts as JSON lines', async () => {
    const path = join(await tempDir('surv-jsonl-'), 'out', 'alerts.jsonl');
    const n = new JsonlFileNotifier(path);
    await n.notify([alert]);
    await n.notify([alert]);
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([alert, alert]);
  });
});
