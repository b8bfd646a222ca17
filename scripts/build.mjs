// Bundles each runnable entry point into one file in dist/ (type checking is `npm run typecheck`).
//
// A process that users start reads one file of plain JavaScript, not a tree of modules: Node's
// module loader walking hundreds of files (zod's alone are some fifty) was most of the start.
// What a program imports only on some paths (the gateway, the store's Kysely, the HTTP server,
// the web record, pino, the pack checker) is in the same file but evaluated only when imported;
// chunks of their own (esbuild's splitting) were measured and cost more than they saved: each
// start then read 15 to 17 files, and the CLI was about 30 ms slower. The code is bundled
// without comments and spaces (names are kept): less to read, compile and hold in memory. The
// packages are bundled too, except discord.js and @discordjs/*, which only the gateway and the
// rarer REST calls need, and the store's database drivers and esbuild (for the web record's
// script), which carry native code or binaries: they stay in node_modules and are imported where
// they are used.
//
// Every runnable script calls this first, and it builds only when an input changed since the
// last build (or dist/ is incomplete): a start with nothing to build pays a few milliseconds,
// not the build. The inputs are every file under src/ and commands/, this script, package.json,
// the lock file and tsconfig.json; the knowledge pack is not one (it is read at run time). Their
// hash is the build's id, kept in dist/build.json and compiled in as RECEIPTS_BUILD: the
// checked-pack cache is keyed by it, so a pack checked by one build is never taken as checked by
// another.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The programs users run; each becomes dist/<path>.js. */
export const entryPoints = [
  'src/main.ts',
  'src/cli/ask.ts',
  'src/knowledge/check.ts',
  'src/discord/deploy.ts',
  'src/cli/report.ts',
  'src/site/cli.ts',
];

/** Loaded from node_modules where they are used, never bundled. */
const external = ['discord.js', '@discordjs/*', 'pino-pretty', 'better-sqlite3', 'pg', 'esbuild'];

/** Everything a build depends on, as paths from the root (a file added or removed counts too). */
function inputs() {
  const sources = ['src', 'commands']
    .filter((dir) => existsSync(join(root, dir)))
    .flatMap((dir) =>
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

/** A value as JavaScript source: a primitive, or null when it is not one. */
function literal(value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return JSON.stringify(value);
  return null;
}

/**
 * discord-api-types/v10 is CommonJS that builds every one of its enums and route helpers when it
 * is loaded (a few hundred, of which the app uses a dozen), and that cannot be tree-shaken: the
 * biggest single cost of a start. In the app's bundles it is a module of the same values: each
 * enum as an object literal read from the package at build time (esbuild keeps only those
 * imported), everything else (Routes, patterns) taken from the part of the package that defines
 * it, treated as free of side effects so that only what is imported is bundled.
 */
function discordValues() {
  const require = createRequire(import.meta.url);
  const parts = ['payloads/v10', 'rest/v10', 'gateway/v10', 'rpc/v10', 'utils/v10', 'globals'];
  const whole = require('discord-api-types/v10');
  const lines = [];
  const taken = new Map();
  for (const [name, value] of Object.entries(whole)) {
    if (name === 'default' || name === '__esModule') continue;
    const isEnum =
      value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype &&
      Object.values(value).every((entry) => literal(entry) !== null);
    if (isEnum) {
      const fields = Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)}:${literal(entry)}`);
      lines.push(`export const ${name} = {${fields.join(',')}};`);
      continue;
    }
    const part =
      parts.find((candidate) => require(`discord-api-types/${candidate}`)[name] === value) ?? 'v10';
    taken.set(part, [...(taken.get(part) ?? []), name]);
  }
  for (const [part, names] of taken)
    lines.push(`export { ${names.join(', ')} } from 'discord-api-types/${part}';`);
  const contents = `${lines.join('\n')}\n`;
  const inSources = (importer) =>
    importer.startsWith(join(root, 'src')) || importer.startsWith(join(root, 'commands'));
  return {
    name: 'receipts-discord-values',
    setup(builder) {
      builder.onResolve({ filter: /^discord-api-types\/v10$/ }, (args) =>
        inSources(args.importer)
          ? { path: 'discord-api-types/v10', namespace: 'receipts-discord-values' }
          : undefined,
      );
      builder.onResolve({ filter: /^discord-api-types\// }, async (args) => {
        if (args.namespace !== 'receipts-discord-values') return undefined;
        const found = await builder.resolve(args.path, { kind: args.kind, resolveDir: root });
        return found.errors.length > 0 ? { errors: found.errors } : { path: found.path, sideEffects: false };
      });
      builder.onLoad({ filter: /.*/, namespace: 'receipts-discord-values' }, () => ({
        contents,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * The search reads its stop words with `createRequire(…)('stopwords-iso')`: at run time, a JSON
 * file of every language (200 kB, parsed at each start and kept). In the bundles, the module
 * that reads them gets a `createRequire` whose require hands over the English list alone, taken
 * from the package at build time; anything else it asks for is required as usual.
 */
function englishStopWords() {
  const importer = join(root, 'src', 'search', 'analyze.ts');
  return {
    name: 'receipts-english-stop-words',
    setup(builder) {
      builder.onResolve({ filter: /^node:module$/ }, (args) =>
        args.importer === importer ? { path: 'node:module', namespace: 'receipts-stop-words' } : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: 'receipts-stop-words' }, () => {
        const { en } = createRequire(import.meta.url)('stopwords-iso');
        return {
          loader: 'js',
          contents: `import { createRequire as nodeRequire } from 'node:module';
const lists = { 'stopwords-iso': { en: JSON.parse(${JSON.stringify(JSON.stringify(en))}) } };
export function createRequire(from) {
  const required = nodeRequire(from);
  return (id) => (Object.hasOwn(lists, id) ? lists[id] : required(id));
}
`,
        };
      });
    },
  };
}

/**
 * V8 keeps a script's source for as long as the script lives (functions are compiled from it
 * when first called), one byte a character when every character is Latin-1 and two bytes a
 * character otherwise. esbuild writes strings and untagged templates in ASCII, but leaves
 * regular expressions and tagged templates as written, and a few of ours hold curly quotes and
 * dashes: one such character made V8 hold the whole 1 MB bundle at 2 MB. So the app's sources
 * reach esbuild with every character above U+00FF written as a `\uXXXX` escape, which means the
 * same in a string, a template (the cooked text, which the `html` and `sql` tags read), a
 * regular expression (with or without the `u` flag, surrogate pairs included), an identifier or a
 * comment. Only after a backslash would it mean something else, so a source with a backslash
 * before such a character stops the build.
 */
function latin1Sources() {
  const inSources = new RegExp(
    `^${escapeRegExp(join(root, 'src'))}|^${escapeRegExp(join(root, 'commands'))}`,
  );
  return {
    name: 'receipts-latin1-sources',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!inSources.test(args.path)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!/[\u0100-\uffff]/.test(text)) return undefined;
        const errors = [];
        const contents = text.replace(/(\\*)([\u0100-\uffff])/g, (_, slashes, char, at) => {
          if (slashes.length % 2 === 1) {
            const lines = text.slice(0, at + slashes.length).split('\n');
            errors.push({
              text: `a backslash before "${char}": write the character as a \\u escape`,
              location: {
                file: args.path.slice(root.length),
                line: lines.length,
                column: (lines.at(-1) ?? '').length,
                lineText: text.split('\n')[lines.length - 1],
              },
            });
          }
          return `${slashes}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
        });
        return errors.length > 0 ? { errors } : { contents, loader: 'ts' };
      });
    },
  };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** esbuild's options for one bundle of this project. */
export function bundleOptions(id) {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // esbuild would otherwise rewrite each regular expression using \p{…} as `new RegExp(…)`,
    // built again every time the line runs; Node 20 has these escapes.
    supported: { 'regexp-unicode-property-escapes': true },
    external,
    minifyWhitespace: true,
    minifySyntax: true,
    // Bundled CommonJS packages (pino, dotenv) call require(); ES modules have none.
    banner: {
      js: "import { createRequire as __receiptsRequire } from 'node:module';\nconst require = __receiptsRequire(import.meta.url);",
    },
    define: { RECEIPTS_BUILD: JSON.stringify(id) },
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [discordValues(), englishStopWords(), latin1Sources()],
  };
}

const STAMP = 'dist/build.json';

/** The id dist/ was last built with, or null when there is no complete build. */
function builtId() {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return null;
  if (!entryPoints.every((entry) => existsSync(join(root, 'dist', entry.replace(/\.ts$/, '.js')))))
    return null;
  try {
    const { id } = JSON.parse(readFileSync(stamp, 'utf8'));
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

async function main() {
  const id = buildId();
  if (builtId() === id && !process.argv.includes('--force')) return;
  // esbuild is loaded only to build: most calls have nothing to do.
  const { build } = await import('esbuild');
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({
    ...bundleOptions(id),
    entryPoints: entryPoints.map((entry) => join(root, entry)),
    outdir: join(root, 'dist'),
    outbase: root,
  });
  writeFileSync(join(root, STAMP), `${JSON.stringify({ id })}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
