import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer: a static bundle served from `app://` in the app and by `npm run preview`. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false },
});
