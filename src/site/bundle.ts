/**
 * The site's assets made with esbuild, which the project already builds with: the search
 * page's script (src/site/browser.ts with the bot's search and answers, bundled for the
 * browser) and the stylesheet (minified). Neither depends on the pack, so a process makes each
 * once.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { projectRoot } from '../paths.js';
import { wordListFiles } from '../search/english.js';

/** The sources of the site's assets. */
export const assetSources = {
  script: join(projectRoot, 'src', 'site', 'browser.ts'),
  style: join(projectRoot, 'src', 'site', 'site.css'),
} as const;

/**
 * The search reads its stop words and its English word lists with `createRequire(…)(id)`, which
 * a browser cannot do. In the bundle, `node:module` is a stand-in whose require hands over those
 * lists: the English stop words alone (the package holds every language, 200 kB), and the word
 * lists the search reads (english.ts names them).
 */
function listsForTheBrowser(): Plugin {
  return {
    name: 'receipts-browser-lists',
    setup(builder) {
      builder.onResolve({ filter: /^node:module$/ }, () => ({ path: 'node:module', namespace: 'receipts' }));
      builder.onLoad({ filter: /.*/, namespace: 'receipts' }, () => {
        const require = createRequire(import.meta.url);
        const { en } = require('stopwords-iso') as { en: string[] };
        // The word lists travel as one line per word, a third smaller than JSON arrays.
        const words: Record<string, string> = {};
        for (const { id } of wordListFiles) words[id] = (require(id) as string[]).join('\n');
        return {
          loader: 'js',
          contents: `const lists = { 'stopwords-iso': { en: ${JSON.stringify(en)} } };
const words = ${JSON.stringify(words)};
export function createRequire() {
  return (id) => {
    if (id in lists) return lists[id];
    if (id in words) return words[id].split('\\n');
    throw new Error('not available in the browser: ' + id);
  };
}`,
        };
      });
    },
  };
}

/** The search page's script, minified. */
export async function bundleScript(): Promise<string> {
  // esbuild is loaded only when the site's assets are made.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [assetSources.script],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    write: false,
    legalComments: 'none',
    // The same script wherever it is built, whatever tsconfig.json lies beside the sources.
    tsconfigRaw: {},
    logLevel: 'silent',
    plugins: [listsForTheBrowser()],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('site: esbuild wrote no search script');
  return output.text;
}

/** The stylesheet, minified. */
export async function bundleStyle(): Promise<string> {
  const source = await readFile(assetSources.style, 'utf8');
  const { transform } = await import('esbuild');
  return (
    await transform(source, { loader: 'css', minify: true, target: ['chrome100', 'firefox100', 'safari15'] })
  ).code;
}
