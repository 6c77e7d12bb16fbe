import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import postcss, { type ChildNode, type Container } from 'postcss';
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

/**
 * pdf.js's viewer stylesheet (165 KiB) is mostly its editors, comments, forms (XFA), sidebars and
 * dialogs, which the app's reader does not use: it draws the pages with their canvas, text and link
 * layers. Only the rules about those are kept, without their editing parts and the custom properties
 * that only editing reads (its cursors and icons are data URLs).
 */
const PDF_VIEWER_PARTS =
  /:root|\.pdfViewer|\.page\b|\.canvasWrapper|\.textLayer|\.annotationLayer|\.hiddenCanvasElement/u;
const PDF_EDITING =
  /editor|toolbar|xfa|popup|comment|alt-?text|signature|dialog|highlight-?(?:toolbar|button)|-button-/iu;
function pdfjsViewerCss(): Plugin {
  const prune = (container: Container<ChildNode>, topLevel: boolean) => {
    container.each((node) => {
      if (node.type === 'rule') {
        const kept = node.selectors.filter((s) => (!topLevel || PDF_VIEWER_PARTS.test(s)) && !PDF_EDITING.test(s));
        if (kept.length === 0) return void node.remove();
        node.selectors = kept;
        prune(node, false);
        if (node.nodes.length === 0) node.remove();
      } else if (node.type === 'atrule' && node.nodes) {
        prune(node, topLevel);
        if (node.nodes.length === 0) node.remove();
      } else if (node.type === 'decl' && node.prop.startsWith('--') && PDF_EDITING.test(node.prop)) {
        node.remove();
      }
    });
  };
  return {
    name: 'pdfjs-viewer-css',
    enforce: 'pre',
    transform(code, id) {
      if (!id.replace(/\?.*$/u, '').endsWith('pdfjs-dist/web/pdf_viewer.css')) return null;
      const root = postcss.parse(code, { from: id });
      prune(root, true);
      return { code: root.toString(), map: null };
    },
  };
}

/** The renderer: a static bundle served from `app://` in the app and by `npm run preview`. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), pdfjsStandardFonts(), pdfjsViewerCss()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
});
