import { defineConfig } from 'tsup';

export default defineConfig({
  // The detection worker ships as its own file next to index: Worker threads load it by path.
  entry: ['src/index.ts', 'src/detection-worker.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
