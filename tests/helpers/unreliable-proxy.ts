import net from 'node:net';

/**
 * A TCP proxy on loopback in front of a real service, that the test can make slow (each
 * request's first bytes held back) or unreachable (connections accepted and never answered,
 * as a dead link or a firewall that drops packets would leave them).
 */
export interface UnreliableProxy {
  url: string;
  /** Holds every new chunk from the app for this long before passing it on. */
  delayMs: number;
  /** Accepts connections and requests but answers nothing. */
  blackhole: boolean;
  /** Everything that went through, both ways, as text: what a person on the wire would see. */
  wire(): string;
  close(): Promise<void>;
}

export async function startUnreliableProxy(target: string): Promise<UnreliableProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const seen: Buffer[] = [];
  const state: UnreliableProxy = {
    url: '',
    delayMs: 0,
    blackhole: false,
    wire: () => Buffer.concat(seen).toString('utf8'),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk) => {
      if (state.blackhole) return;
      seen.push(chunk);
      setTimeout(() => {
        if (!state.blackhole) upstream.write(chunk);
      }, state.delayMs);
    });
    upstream.on('data', (chunk) => {
      if (state.blackhole) return;
      seen.push(chunk);
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return state;
}
