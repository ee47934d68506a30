import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL that a test can break the way networks and
 * servers break: `cut()` refuses new connections and drops the open ones (a stopped server);
 * `freeze()` accepts connections but forwards nothing in either direction (a hung server, a
 * network partition without resets); `open()` restores normal service, delivering what a
 * freeze held back.
 */
export interface TcpProxy {
  port: number;
  /** The target URL rewritten to go through the proxy. */
  url: string;
  mode(): 'open' | 'cut' | 'frozen';
  open(): Promise<void>;
  cut(): Promise<void>;
  freeze(): void;
  /** Connections accepted so far (to see that clients really came through the proxy). */
  accepted(): number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  held: { toUpstream: Buffer[]; toClient: Buffer[] };
}

export async function startTcpProxy(targetUrl: string, opts: { startCut?: boolean } = {}): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const targetHost = target.hostname;
  const targetPort = Number(target.port || 5432);
  let state: 'open' | 'cut' | 'frozen' = 'open';
  let accepted = 0;
  const pairs = new Set<Pair>();

  const connectUpstream = (p: Pair) => {
    const up = net.connect(targetPort, targetHost);
    p.upstream = up;
    up.on('data', (chunk: Buffer) => {
      if (state === 'frozen') p.held.toClient.push(chunk);
      else p.client.write(chunk);
    });
    up.on('error', () => p.client.destroy());
    up.on('close', () => p.client.destroy());
    for (const c of p.held.toUpstream.splice(0)) up.write(c);
  };

  const server = net.createServer((client) => {
    accepted++;
    const p: Pair = { client, upstream: null, held: { toUpstream: [], toClient: [] } };
    pairs.add(p);
    client.on('data', (chunk: Buffer) => {
      if (state === 'frozen' || !p.upstream) p.held.toUpstream.push(chunk);
      else p.upstream.write(chunk);
    });
    const end = () => {
      pairs.delete(p);
      p.upstream?.destroy();
    };
    client.on('error', end);
    client.on('close', end);
    if (state === 'open') connectUpstream(p);
  });

  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const dropAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.upstream?.destroy();
    }
    pairs.clear();
  };

  await listen();
  if (opts.startCut) {
    await stopListening();
    state = 'cut';
  }
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    port,
    url: url.toString(),
    mode: () => state,
    accepted: () => accepted,
    async open() {
      if (state === 'cut') await listen();
      state = 'open';
      for (const p of pairs) {
        if (!p.upstream) connectUpstream(p);
        else for (const c of p.held.toUpstream.splice(0)) p.upstream.write(c);
        for (const c of p.held.toClient.splice(0)) p.client.write(c);
      }
    },
    async cut() {
      state = 'cut';
      dropAll();
      await stopListening();
    },
    freeze() {
      state = 'frozen';
    },
    async close() {
      state = 'cut';
      dropAll();
      await stopListening();
    },
  };
}
