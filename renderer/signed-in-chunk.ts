/**
 * The signed-in areas come as one chunk (signed-in-screens.ts). Fetched once: by the first screen
 * when the window is idle, or by Masuk as the password is sent, whichever comes first.
 */
export const loadSignedIn = () => import('./signed-in-screens');
