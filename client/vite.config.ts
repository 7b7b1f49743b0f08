import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The appview serves dist/ at its own origin and answers /client-config.json there, so the
// bundle uses absolute paths from '/' and needs no build-time configuration.
export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/',
  plugins: [react()],
  // @atproto/api and our lexicons carry their schemas, which is most of the bundle.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1600 },
})
