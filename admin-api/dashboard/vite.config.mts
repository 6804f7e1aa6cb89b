import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Built by `npm run build:dashboard` into ./dist, which the admin API serves at its root. */
export default defineConfig({
  plugins: [react()],
  // No favicon or other public files: the admin API answers only what the build wrote.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Served under a strict CSP: no inline scripts, so no inlined module-preload helper either.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  logLevel: 'warn',
});
