import { fileURLToPath } from 'node:url';

/** The repository's `resources/` folder: EULA texts and demo data. */
export const resourcesDir = fileURLToPath(new URL('../resources/', import.meta.url));

/** The doctor console as `npm run build` makes it (teleconsultation.md): served at `/doctor/`. */
export const doctorConsoleDir = fileURLToPath(new URL('../dist/doctor/', import.meta.url));
