/**
 * The entry point: reads the configuration, loads the pack, and serves in the mode the
 * configuration picks — the local console with no credentials, the gateway with a token,
 * HTTP interactions with `--http`.
 */
import { config as loadDotenv } from 'dotenv';
import { openContext } from './answers/context.js';
import { consoleBanner, runConsole } from './cli/console.js';
import { readConfig } from './config.js';

loadDotenv({ quiet: true });

function refuse(lines: readonly string[]): void {
  for (const line of lines) console.error(line);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const configured = readConfig(process.env, process.argv.slice(2));
  if (!configured.ok) {
    refuse(configured.problems.map((problem) => `Receipts cannot start: ${problem}.`));
    return;
  }
  const config = configured.config;
  const opened = await openContext(config.knowledgeDir);
  if (!opened.ok) {
    refuse(['Receipts cannot start: the knowledge pack is not valid.', ...opened.problems]);
    return;
  }
  const context = opened.context;
  switch (config.mode) {
    case 'console': {
      const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
      console.log(consoleBanner(context));
      await runConsole({ input: process.stdin, output: process.stdout, interactive, context: () => context });
      return;
    }
    case 'gateway':
    case 'http':
      refuse([`Receipts cannot start: the ${config.mode} mode is not available yet.`]);
      return;
  }
}

await main();
