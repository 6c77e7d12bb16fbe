import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * The main process and the preload. `--mode preload` bundles the preload whole into
 * one CommonJS file (a sandboxed preload may require only `electron`); the main
 * process keeps its node_modules external, as Electron loads them at run time.
 */
export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    build: {
      ssr: preload ? 'electron/preload/index.ts' : 'electron/main/shell/main.ts',
      outDir: preload ? 'out/preload' : 'out/main',
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      rollupOptions: {
        external: ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
        output: preload ? { format: 'cjs', entryFileNames: 'index.cjs' } : { format: 'es', entryFileNames: 'index.js' },
      },
    },
    ssr: preload ? { noExternal: true } : {},
  };
});
