// Bundles each runnable entry point into one file in dist/ (type checking is `npm run typecheck`).
//
// A process that users start reads one file of plain JavaScript, not a tree of modules: Node's
// module loader walking hundreds of files (zod's alone are some fifty) was most of the start.
// The packages are bundled too, except discord.js and @discordjs/*, which only the gateway and
// the rarer REST calls need: they stay in node_modules and are imported where they are used.
//
// The build is skipped when dist/ was built from the same sources. Its id, a hash of every
// input, is compiled in as RECEIPTS_BUILD: the checked-pack cache is keyed by it, so a pack
// checked by one build is never taken as checked by another.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The programs users run; each becomes dist/<path>.js. */
export const entryPoints = [
  'src/main.ts',
  'src/cli/ask.ts',
  'src/knowledge/check.ts',
  'src/discord/deploy.ts',
];

/** Loaded from node_modules where they are used, never bundled. */
const external = ['discord.js', '@discordjs/*', 'pino-pretty'];

/** Everything a build depends on, as paths from the root. */
function inputs() {
  const sources = ['src', 'commands'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length)),
  );
  return [...sources, 'scripts/build.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'].sort();
}

/** A hash of every input's path and content. */
export function buildId() {
  const hash = createHash('sha256');
  for (const file of inputs()) {
    const path = join(root, file);
    if (!existsSync(path)) continue;
    hash.update(`${file}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/** esbuild's options for one bundle of this project. */
export function bundleOptions(id) {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    // Bundled CommonJS packages (pino, dotenv) call require(); ES modules have none.
    banner: {
      js: "import { createRequire as __receiptsRequire } from 'node:module';\nconst require = __receiptsRequire(import.meta.url);",
    },
    define: { RECEIPTS_BUILD: JSON.stringify(id) },
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

const STAMP = 'dist/build.json';

async function main() {
  const id = buildId();
  const force = process.argv.includes('--force');
  const stamp = join(root, STAMP);
  const built = existsSync(stamp) && JSON.parse(readFileSync(stamp, 'utf8')).id;
  if (
    !force &&
    built === id &&
    entryPoints.every((entry) => existsSync(join(root, 'dist', entry.replace(/\.ts$/, '.js'))))
  )
    return;
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    ...bundleOptions(id),
    entryPoints: entryPoints.map((entry) => join(root, entry)),
    outdir: join(root, 'dist'),
    outbase: root,
  });
  writeFileSync(stamp, `${JSON.stringify({ id })}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
