import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../../contract/api/common';
import { EulaSchema, type Eula } from '../../../contract/api/identity';

/** Reads `resources/eula/<lang>.json`; both languages must carry the same version. */
export function loadEulas(dir: string): (lang: Language) => Eula {
  const read = (lang: Language): Eula =>
    EulaSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, `${lang}.json`), 'utf8')));
  const texts = { id: read('id'), en: read('en') };
  if (texts.id.version !== texts.en.version) throw new Error('the EULA translations differ in version');
  return (lang) => texts[lang];
}
