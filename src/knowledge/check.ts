/**
 * `npm run check [dir]`: validates a knowledge pack and prints one line per problem. The pack
 * is the folder given, else KNOWLEDGE_DIR (from the environment or .env, as `npm start` reads
 * it), else the shipped one. Exits 0 when the pack is valid, 1 when it is not.
 */
import { relative, resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { folderProblem } from '../config.js';
import { defaultPackDir } from '../paths.js';
import { formatProblem, loadPack } from './load.js';

loadDotenv({ quiet: true });

async function main(): Promise<number> {
  const given = process.argv[2];
  const fromEnv = given === undefined ? process.env.KNOWLEDGE_DIR || undefined : undefined;
  const named = given ?? fromEnv;
  const missing = named === undefined ? null : folderProblem(named);
  if (missing) {
    console.error(fromEnv === undefined ? missing : `KNOWLEDGE_DIR ${missing}`);
    return 1;
  }
  const dir = resolve(named ?? defaultPackDir);
  const shown = relative(process.cwd(), dir) || '.';
  const result = await loadPack(dir);
  if (result.ok) {
    const { meta, documents, statements, timeline, topics } = result.pack;
    console.log(
      `${shown}: ${meta.title} ${meta.version} is valid: ${documents.length} sources, ${statements.length} statements, ` +
        `${timeline.length} timeline events, ${topics.length} topics.`,
    );
    return 0;
  }
  for (const problem of result.problems) console.error(formatProblem(problem, shown));
  console.error(
    `${shown}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; the pack is not valid.`,
  );
  return 1;
}

process.exitCode = await main();
