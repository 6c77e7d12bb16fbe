import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import Store from 'electron-store';
import { SettingsSchema, type Settings, type SettingsStore } from '../core/settings';

/**
 * electron-store, checked with the same zod schema as everywhere else. A file that
 * does not parse or fails the schema is set aside next to itself and replaced by the
 * defaults: the app starts, and nothing is lost that could be read.
 */
export class ElectronSettings implements SettingsStore {
  private readonly store: Store<Record<string, unknown>>;
  private current: Settings;

  constructor() {
    this.store = ElectronSettings.open();
    const parsed = SettingsSchema.safeParse(this.store.store);
    if (!parsed.success) this.setAside();
    this.current = parsed.success ? parsed.data : SettingsSchema.parse({});
  }

  private static open(): Store<Record<string, unknown>> {
    try {
      return new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false });
    } catch {
      // Not JSON at all: move it away and start again. (electron-store keeps its file in the
      // app's user-data folder; asking a second store for the path would leave that file behind.)
      const file = path.join(app.getPath('userData'), 'settings.json');
      fs.renameSync(file, `${file}.corrupt-${Date.now()}`);
      return new Store<Record<string, unknown>>({ name: 'settings' });
    }
  }

  private setAside(): void {
    fs.copyFileSync(this.store.path, `${this.store.path}.corrupt-${Date.now()}`);
    this.store.clear();
  }

  get(): Settings {
    return this.current;
  }

  update(patch: Partial<Settings>): void {
    this.current = SettingsSchema.parse({ ...this.current, ...patch });
    this.store.store = this.current as Record<string, unknown>;
  }
}
