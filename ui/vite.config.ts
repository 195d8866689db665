import { defineConfig } from 'vitest/config';

// The UI is served by the Spring Boot jar at "/"; in development `npm run dev` proxies /api to a running server.
const target = process.env.ARCHITECT_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': { target, changeOrigin: true } } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
