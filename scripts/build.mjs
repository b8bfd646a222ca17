// Transpiles the TypeScript sources to dist/ (type checking is `npm run typecheck`), so the
// process users start is plain JavaScript with a fast cold start. Every runnable script calls
// this first; it builds only when a source changed since the last build (or dist/ is gone),
// so a start that has nothing to build pays a few milliseconds, not the build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['src', 'commands'];
const entryPoints = roots
  .filter((root) => existsSync(root))
  .flatMap((root) =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => join(entry.parentPath, entry.name)),
  )
  .sort();

// What the build depends on: every source (a file added or removed counts too) and this script.
const stamp = join('dist', '.sources');
const fingerprint = createHash('sha256')
  .update(
    [...entryPoints, 'scripts/build.mjs']
      .map((file) => {
        const { size, mtimeMs } = statSync(file);
        return `${file}:${size}:${mtimeMs}`;
      })
      .join('\n'),
  )
  .digest('hex');
const built = existsSync(stamp) ? readFileSync(stamp, 'utf8') : null;

if (built !== fingerprint || process.argv.includes('--force')) {
  // esbuild is loaded only to build: most calls have nothing to do.
  const { build } = await import('esbuild');
  rmSync('dist', { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: 'dist',
    outbase: '.',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  writeFileSync(stamp, fingerprint);
}
