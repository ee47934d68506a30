import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from '../../server/boot.js';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

test('shutdown stops accepting, lets the in-flight request finish, then closes', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let arrived!: () => void;
  // Wait for the server to hold the request, not a fixed time: on a slow run it may not be there yet.
  const slowArrived = new Promise<void>((r) => (arrived = r));
  const server = http.createServer((req, res) => {
    if (req.url === '/slow') arrived();
    void (req.url === '/slow' ? gate : Promise.resolve()).then(() => res.end(req.url));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const inFlight = get(port, '/slow');
  await slowArrived;
  let closed = false;
  // The grace period is far beyond any stall of a loaded machine: only the in-flight request may end the close.
  const closing = closeServer(server, 60_000).then(() => (closed = true));
  await new Promise((r) => setTimeout(r, 50));
  await expect(get(port, '/new')).rejects.toThrow(/ECONNREFUSED/);
  expect(closed).toBe(false);
  release();
  expect(await inFlight).toEqual({ status: 200, body: '/slow' });
  await closing;
  expect(closed).toBe(true);
});
