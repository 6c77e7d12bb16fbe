import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const FUSE_ON = '1'.charCodeAt(0);
export const FUSE_OFF = '0'.charCodeAt(0);
/** Electron 45's defaults, RunAsNode … GrantFileProtocolExtraPrivileges, WasmTrapHandlers. */
export const ELECTRON_45_DEFAULTS = [
  FUSE_ON,
  FUSE_OFF,
  FUSE_ON,
  FUSE_ON,
  FUSE_OFF,
  FUSE_OFF,
  FUSE_OFF,
  FUSE_ON,
  FUSE_ON,
];

/**
 * A stand-in for an Electron binary: bytes around the fuse wire exactly as Electron lays it
 * out (sentinel, version 1, wire length, one byte per fuse), every fuse at the given defaults.
 */
export function fakeElectron(dir: string, name: string, defaults = ELECTRON_45_DEFAULTS): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    Buffer.concat([
      crypto.randomBytes(4096),
      Buffer.from(FUSE_SENTINEL, 'ascii'),
      Buffer.from([1, defaults.length, ...defaults]),
      crypto.randomBytes(4096),
    ]),
    { mode: 0o755 },
  );
  return file;
}
