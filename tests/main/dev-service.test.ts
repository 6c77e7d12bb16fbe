import { describe, expect, it } from 'vitest';
import { serviceNode } from '../../electron/main/core/dev-service';

describe('the Node that runs the development service', () => {
  it('in the desktop app: the system Node npm start ran on, for which the native modules were built', () => {
    expect(serviceNode({ PORTAL_DEV_NODE: '/usr/bin/node' }, '/opt/Portal Nasabah/electron', true)).toEqual({
      command: '/usr/bin/node',
      runAsNode: false,
    });
  });

  it('in the app started some other way: Electron itself, as plain Node', () => {
    expect(serviceNode({}, '/opt/Portal Nasabah/electron', true)).toEqual({
      command: '/opt/Portal Nasabah/electron',
      runAsNode: true,
    });
  });

  it('in the preview and the tests: this process’s own Node, whatever the environment says', () => {
    expect(serviceNode({ PORTAL_DEV_NODE: '/elsewhere/node' }, process.execPath, false)).toEqual({
      command: process.execPath,
      runAsNode: false,
    });
  });
});
