import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LanguageSchema, SAMPLE_CARE_LINE } from '../../../contract/api/common';
import { MapTileUrlSchema } from './map-tiles';
import { ServiceUrlSchema } from './service-url';

/** What the app remembers across starts; validated on every read. */
export const SettingsSchema = z.object({
  serviceUrl: ServiceUrlSchema.optional(),
  language: LanguageSchema.default('id'),
  /** The insurer's care line, shown on the welcome screen (sample values until configured). */
  care: z.object({ phone: z.string().min(1), email: z.string().min(1) }).default({ ...SAMPLE_CARE_LINE }),
  /** Map tiles for Rumah Sakit & Klinik (network.md); none by default, and then no map is shown. */
  mapTileUrl: MapTileUrlSchema.optional(),
  /** What the tile provider asks to be credited with (e.g. `© OpenStreetMap`), shown on the map as text. */
  mapAttribution: z.string().trim().min(1).max(200).optional(),
  windowBounds: z
    .object({
      x: z.number().int(),
      y: z.number().int(),
      width: z.number().int().min(320),
      height: z.number().int().min(320),
    })
    .optional(),
});
export type Settings = z.output<typeof SettingsSchema>;

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): void;
}

/**
 * Settings in a JSON file (preview and tests; the app uses electron-store with the
 * same schema). A file that does not parse or fails the schema is set aside, and the
 * defaults take its place, so a damaged file never stops the app.
 */
export class JsonFileSettings implements SettingsStore {
  private current: Settings;

  constructor(private readonly file: string) {
    this.current = this.read();
  }

  private read(): Settings {
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch {
      return SettingsSchema.parse({});
    }
    try {
      return SettingsSchema.parse(JSON.parse(raw));
    } catch {
      fs.renameSync(this.file, `${this.file}.corrupt-${Date.now()}`);
      return SettingsSchema.parse({});
    }
  }

  get(): Settings {
    return this.current;
  }

  update(patch: Partial<Settings>): void {
    this.current = SettingsSchema.parse({ ...this.current, ...patch });
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.current, null, 2));
    fs.renameSync(tmp, this.file);
  }
}
