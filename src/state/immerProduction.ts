import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * immer's production build. The ESM entry that `import 'immer'` resolves to is the
 * development build, which reads `process.env.NODE_ENV` inside every array write trap;
 * process.env is a call into C++ each time, and the reducer writes arrays on every batch.
 * The production build is the same code without those checks (errors become numbered).
 * It is not in immer's exports map, so it is loaded by path from the installed package.
 */
const require = createRequire(import.meta.url);
const immerRoot = dirname(require.resolve('immer/package.json'));
const immerModule = require(join(immerRoot, 'dist/cjs/immer.cjs.production.js')) as typeof import('immer');

export const { Immer } = immerModule;
