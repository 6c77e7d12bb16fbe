import net from 'node:net';

/**
 * A stand-in clamd on loopback speaking the daemon's protocol as the `clamscan` package
 * uses it: PING, VERSION, and INSTREAM (4-byte big-endian chunk lengths, a zero length
 * to end). It reports the EICAR test string as ClamAV does, and counts what it scanned.
 */
export async function startStandInClamd(): Promise<{ url: string; scanned: number; close(): Promise<void> }> {
  const state = { scanned: 0 };
  const server = net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const head = buf.toString('latin1');
      const end = head[0] === 'z' ? '\0' : '\n';
      if (/^[zn]?PING/u.test(head)) return void socket.end(`PONG${end}`);
      if (/^[zn]?VERSION/u.test(head)) return void socket.end(`ClamAV 1.4.3/27500/Thu Nov 26 00:00:00 2026${end}`);
      if (!/^[zn]INSTREAM[\0\n]/u.test(head)) return;
      // Unframe the chunks; answer when the zero-length chunk arrives.
      let at = 10;
      const parts: Buffer[] = [];
      while (buf.length >= at + 4) {
        const n = buf.readUInt32BE(at);
        if (n === 0) {
          state.scanned++;
          const found = Buffer.concat(parts).includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE');
          return void socket.end(found ? `stream: Eicar-Test-Signature FOUND${end}` : `stream: OK${end}`);
        }
        if (buf.length < at + 4 + n) return;
        parts.push(buf.subarray(at + 4, at + 4 + n));
        at += 4 + n;
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `tcp://127.0.0.1:${port}`,
    get scanned() {
      return state.scanned;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
