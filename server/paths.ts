import { fileURLToPath } from 'node:url';

/**
 * Set by scripts/build-service.mjs: the built service is one folder (`dist/service/`) holding its
 * code (main.mjs and its chunks), `resources/` and `doctor/` side by side; run from source, they
 * are the repository's.
 */
declare const PORTAL_SERVICE_BUILT: boolean | undefined;
const built = typeof PORTAL_SERVICE_BUILT === 'boolean' && PORTAL_SERVICE_BUILT;

/** The repository's `resources/` folder: EULA texts and demo data. */
export const resourcesDir = fileURLToPath(new URL(built ? './resources/' : '../resources/', import.meta.url));

/** The doctor console as `npm run build` makes it (teleconsultation.md): served at `/doctor/`. */
export const doctorConsoleDir = fileURLToPath(new URL(built ? './doctor/' : '../dist/doctor/', import.meta.url));
