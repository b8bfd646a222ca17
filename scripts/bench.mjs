// `npm run bench` after the build: bundles the benchmark the way the app is bundled, then runs it.
// Search and answers are then timed in the code a deployment runs; under tsx every function is
// wrapped to keep its name, which made a search about a fifth slower than the bundle.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildId, bundleOptions } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const options = bundleOptions(buildId());
const outfile = join(root, 'dist/bench/run.js');
await build({
  ...options,
  // The baselines' packages and the load generator are measured as they are installed.
  external: [...options.external, 'lunr', 'autocannon'],
  entryPoints: [join(root, 'bench/run.ts')],
  outfile,
});
const run = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
