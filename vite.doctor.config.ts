import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The doctor console: a second, small bundle the policy service serves at `/doctor/`. */
export default defineConfig({
  root: 'doctor-console',
  base: '/doctor/',
  plugins: [react()],
  build: { outDir: '../dist/doctor', emptyOutDir: true, sourcemap: false },
});
