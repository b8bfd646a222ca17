/**
 * `npm run site [-- --out DIR]`: writes the web record of the pack (KNOWLEDGE_DIR) into `site/`
 * (or DIR), ready to copy to any static host. PUBLIC_URL, when set, is the address it will be
 * served at, for canonical links and link previews.
 */
import { join, relative } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import type { AnswerContext } from '../answers/answer.js';
import { readConfig } from '../config.js';
import { formatProblem, loadPack } from '../knowledge/load.js';
import { projectRoot } from '../paths.js';
import { Search } from '../search/engine.js';
import { buildSite, sharedAssets, writeSite } from './build.js';

loadDotenv({ quiet: true });

const USAGE = 'usage: npm run site [-- --out DIR]';

async function main(argv: readonly string[]): Promise<number> {
  const started = performance.now();
  let out = join(projectRoot, 'site');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out' && argv[i + 1]) out = argv[++i] as string;
    else if (arg !== '--') {
      console.error(`unknown argument ${arg}\n${USAGE}`);
      return 2;
    }
  }
  const configured = readConfig(process.env, ['--console']);
  if (!configured.ok) {
    for (const problem of configured.problems) console.error(`Receipts cannot build the site: ${problem}.`);
    return 1;
  }
  const { config } = configured;
  // esbuild bundles in its own process while this one loads the pack; buildSite awaits the same
  // work and reports its failure.
  sharedAssets().catch(() => {});
  const loaded = await loadPack(config.knowledgeDir);
  if (!loaded.ok) {
    console.error('Receipts cannot build the site: the knowledge pack is not valid.');
    for (const problem of loaded.problems) console.error(formatProblem(problem, config.knowledgeDir));
    return 1;
  }
  const { pack } = loaded;
  // The pages never search (the search page's script indexes the pack in the browser), so the
  // index is built only if something asks for it.
  let search: Search | undefined;
  const context: AnswerContext = {
    pack,
    get search() {
      search ??= new Search(pack);
      return search;
    },
  };
  const files = await buildSite(context, { publicUrl: config.publicUrl });
  try {
    await writeSite(files, out);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const bytes = [...files.values()].reduce((sum, file) => sum + Buffer.byteLength(file.body), 0);
  const { meta } = pack;
  console.log(
    `Wrote ${files.size} files (${(bytes / 1024).toFixed(0)} kB) for ${meta.id} ${meta.version} to ${relative(process.cwd(), out) || '.'} in ${Math.round(performance.now() - started)} ms.`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
