import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * pdf.js measures text set in the 14 standard PDF fonts (not embedded in most
 * insurers' PDFs) with its own font data; without it the text layer, and so the find
 * highlights, drift from the painted glyphs. The data ships as `standard_fonts/`.
 */
function pdfjsStandardFonts(): Plugin {
  const dir = path.resolve('node_modules/pdfjs-dist/standard_fonts');
  return {
    name: 'pdfjs-standard-fonts',
    apply: 'build',
    generateBundle() {
      for (const name of fs.readdirSync(dir)) {
        this.emitFile({
          type: 'asset',
          fileName: `standard_fonts/${name}`,
          source: fs.readFileSync(path.join(dir, name)),
        });
      }
    },
  };
}

/** The renderer: a static bundle served from `app://` in the app and by `npm run preview`. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), pdfjsStandardFonts()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
});
