import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { APP_NAME } from './app-identity';
import { MapTileUrlSchema } from './map-tiles';
import { configErrors, configText } from './config-messages';
import { ServiceUrlSchema } from './service-url';

const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/u, 'config.clock_time');

/**
 * The machine-wide configuration a branch installs (never the user): kiosk mode, the
 * branch's name, the idle timeouts, printing and the service URL.
 */
export const MachineConfigSchema = z
  .strictObject({
    kiosk: z.boolean().default(false),
    branchName: z.string().trim().min(1).max(80).optional(),
    serviceUrl: ServiceUrlSchema.optional(),
    idle: z
      .strictObject({
        /** Without input this long, the warning appears. */
        warnAfterSeconds: z.int().min(10).max(3600).default(90),
        /** The warning counts down this long before the session ends: at least 30 s, for older customers. */
        countdownSeconds: z.int().min(30).max(300).default(30),
      })
      .default({ warnAfterSeconds: 90, countdownSeconds: 30 }),
    printingAllowed: z.boolean().default(false),
    /**
     * The branch's printer, by the name the system gives it: a kiosk prints there silently. No
     * print dialog opens at a kiosk (its "Save as PDF" would let a document leave the machine).
     */
    printer: z.string().trim().min(1).max(200).optional(),
    /**
     * The folder the branch's scanner saves into: a kiosk's only source of uploads (it opens no
     * system dialog). Absent: the kiosk takes no files, and says where documents go instead.
     */
    scannerFolder: z
      .string()
      .trim()
      .max(500)
      .refine((p) => path.isAbsolute(p), 'config.absolute_path')
      .optional(),
    /** The branch's map tiles (a kiosk has no settings of its own); a person's setting yields to it. */
    mapTileUrl: MapTileUrlSchema.optional(),
    mapAttribution: z.string().trim().min(1).max(200).optional(),
    /** Where updates come from, instead of the address the installer was built with. */
    updateUrl: z.url({ protocol: /^https$/u }).optional(),
    /** When a kiosk puts an update in: nobody signed in, nobody near it this long, and inside the window if one is set. */
    updates: z
      .strictObject({
        quietMinutes: z.int().min(1).max(240).default(10),
        /** The branch's maintenance window in the machine's local time, e.g. 02:00 to 05:00 (it may pass midnight). */
        window: z
          .strictObject({ from: ClockTimeSchema, to: ClockTimeSchema })
          .refine((w) => w.from !== w.to, { message: 'config.empty_window' })
          .optional(),
      })
      .default({ quietMinutes: 10 }),
  })
  .refine((c) => !(c.kiosk && c.printingAllowed && !c.printer), {
    path: ['printer'],
    message: 'config.printer_required',
  });
export type MachineConfig = z.output<typeof MachineConfigSchema>;

export const DEFAULT_MACHINE_CONFIG: MachineConfig = MachineConfigSchema.parse({});

/** Where the branch puts the file: `%ProgramData%`, `/Library/Application Support`, `/etc`. */
export function machineConfigPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', APP_NAME, 'config.json');
  if (platform === 'darwin') return path.posix.join('/Library/Application Support', APP_NAME, 'config.json');
  return path.posix.join('/etc', 'portal-nasabah', 'config.json');
}

export type MachineConfigResult = { ok: true; config: MachineConfig } | { ok: false; file: string; problems: string[] };

/**
 * Reads the file: absent means a personal device with defaults; a file that is there
 * but does not parse or fails the schema is refused with every problem named, so the
 * branch sees what to fix (and a broken kiosk never opens as a personal device).
 */
export function loadMachineConfig(
  file: string,
  argv: readonly string[] = [],
  /** The language the problems are written in (the app's, Indonesian by default). */
  lang: 'id' | 'en' = 'id',
): MachineConfigResult {
  const kioskFlag = argv.includes('--kiosk');
  let raw: string | null = null;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      return {
        ok: false,
        file,
        problems: [`${configText('config.unreadable', lang)} (${(err as NodeJS.ErrnoException).code})`],
      };
    }
  }
  let json: unknown = {};
  if (raw !== null) {
    try {
      json = JSON.parse(raw);
    } catch (err) {
      // Where, not the parser's English sentence: "line 3 column 7" in the person's language.
      const at = /line (\d+) column (\d+)/u.exec((err as Error).message);
      const where = at
        ? lang === 'id'
          ? ` (baris ${at[1]}, kolom ${at[2]})`
          : ` (line ${at[1]}, column ${at[2]})`
        : '';
      return { ok: false, file, problems: [`${configText('config.not_json', lang)}${where}`] };
    }
  }
  // `--kiosk` turns kiosk mode on for this start, with the file's other settings.
  const merged = kioskFlag && json && typeof json === 'object' ? { ...json, kiosk: true } : json;
  const parsed = MachineConfigSchema.safeParse(merged, { error: configErrors(lang) });
  if (!parsed.success) {
    return {
      ok: false,
      file,
      // One problem per setting (the first), each in words: a rule's own message is a code (config-messages.ts).
      problems: parsed.error.issues
        .map((i) => ({ at: i.path.join('.') || '(file)', message: configText(i.message, lang) }))
        .filter((p, n, all) => all.findIndex((q) => q.at === p.at) === n)
        .map((p) => `${p.at}: ${p.message}`),
    };
  }
  return { ok: true, config: parsed.data };
}
