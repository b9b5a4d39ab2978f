import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The pod serves dist/ from the web module's jar (docs/operations.md#the-web-ui). `npm run dev`
// proxies the API to a pod started with ./agora run.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or data-URL modules: the Content-Security-Policy allows our own files only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/.well-known': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['app/**/*.test.ts'],
    environment: 'node',
  },
});
