import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The boundaries of ARCHITECTURE.md hold because lint refuses to cross them. */
describe('import boundaries', () => {
  const eslint = new ESLint();
  const restricted = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
  };

  it.each([
    ['renderer/screens/Login.tsx', "import { ipcRenderer } from 'electron';"],
    ['renderer/screens/Login.tsx', "import fs from 'node:fs';"],
    ['renderer/screens/Login.tsx', "import { buildService } from '../../server/app';"],
    ['renderer/screens/Login.tsx', "import { x } from '../../electron/main/core/session';"],
    ['electron/main/core/session.ts', "import { app } from 'electron';"],
    ['electron/main/core/session.ts', "import { buildService } from '../../../server/app';"],
    ['server/http/x.ts', "import { app } from 'electron';"],
    ['server/http/x.ts', "import { x } from '../../renderer/i18n';"],
    ['contract/api/x.ts', "import pg from 'pg';"],
    ['contract/api/x.ts', "import { buildService } from '../../server/app';"],
    ['contract/ipc.ts', "import { x } from '../electron/main/core/session';"],
  ])('%s may not say %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(1);
  });

  it.each([
    ['renderer/screens/Login.tsx', "import { LoginRequestSchema } from '../../contract/api/identity';"],
    ['electron/main/core/session.ts', "import axios from 'axios';"],
    ['server/http/x.ts', "import fs from 'node:fs';"],
    ['contract/api/x.ts', "import { z } from 'zod';"],
    ['contract/api/x.ts', "import { IsoDateSchema } from './common';"],
    ['contract/ipc.ts', "import { ErrorBodySchema } from './errors';"],
  ])('%s may say %s', async (file, code) => {
    expect(await restricted(file, code)).toBe(0);
  });
});
