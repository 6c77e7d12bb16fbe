import { fileURLToPath } from 'node:url';

/** The repository's `resources/` folder: EULA texts and demo data. */
export const resourcesDir = fileURLToPath(new URL('../resources/', import.meta.url));
