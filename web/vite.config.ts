import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server proxies the API to bank 1's gateway so the app and API share an origin,
 * as they do when the gateway serves the build.
 */
export default defineConfig({
    plugins: [react()],
    build: {
        outDir: 'dist',
        // The budget script reads the manifest to tell the customer entry from the staff chunk.
        manifest: true,
        sourcemap: false,
        chunkSizeWarningLimit: 1200,
    },
    server: {
        proxy: { '/v1': 'http://127.0.0.1:3001', '/health': 'http://127.0.0.1:3001' },
    },
});
