/**
 * `npm run check` and the bot's start-up refuse a broken pack with the same problem line, and
 * accept the shipped one.
 */
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyPack, countItems, type PackCopy, packIdentity } from '../support/pack.js';
import { copyProject, type ProjectCopy } from '../support/project.js';
import { cleanEnv, lines, repoRoot, run, runNode } from '../support/run.js';

const CHECK = 'dist/src/knowledge/check.js';
const MAIN = 'dist/src/main.js';

const temps: (PackCopy | ProjectCopy)[] = [];
afterEach(() => {
  for (const temp of temps.splice(0)) temp.remove();
});

/** A copy of the pack with one character of the Inbox API quote changed. */
function brokenPack(): PackCopy {
  const copy = copyPack();
  temps.push(copy);
  copy.edit(
    'statements/claims.yaml',
    'It also said that Netflix had access',
    'It also said that Netflix has access',
  );
  return copy;
}

/** The problem line, after the folder the pack is in. */
const problem = (folder: string) =>
  `${join(folder, 'statements/claims.yaml')} [claim-inbox-api] quote: is not in the text of techcrunch-2024-04-02: ` +
  'it matches as far as "It also said that Netflix ha", then differs';

function summaryLine(): string {
  const { title, version } = packIdentity();
  const counts = countItems();
  return (
    `knowledge: ${title} ${version} is valid: ${counts.sources} sources, ${counts.statements} statements, ` +
    `${counts.events} timeline events, ${counts.topics} topics.`
  );
}

describe('node dist/src/knowledge/check.js', () => {
  it('GIVEN the shipped pack THEN it exits 0 and prints its summary line', async () => {
    const result = await runNode(CHECK);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([summaryLine()]);
    expect(result.code).toBe(0);
  });

  it('GIVEN a copy with one character changed in a quote THEN it exits 1, naming file, item and field', async () => {
    const copy = brokenPack();
    const result = await runNode(CHECK, [copy.dir]);
    const shown = relative(repoRoot, copy.dir);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([problem(shown), `${shown}: 1 problem; the pack is not valid.`]);
    expect(result.code).toBe(1);
  });

  it('GIVEN KNOWLEDGE_DIR naming a broken copy THEN it checks that pack, as npm start would read it', async () => {
    const copy = brokenPack();
    const result = await runNode(CHECK, [], { env: cleanEnv({ KNOWLEDGE_DIR: copy.dir }) });
    const shown = relative(repoRoot, copy.dir);
    expect(lines(result.stderr)).toEqual([problem(shown), `${shown}: 1 problem; the pack is not valid.`]);
    expect(result.code).toBe(1);
  });

  it('GIVEN KNOWLEDGE_DIR naming no folder THEN one line saying so, exit 1', async () => {
    const result = await runNode(CHECK, [], { env: cleanEnv({ KNOWLEDGE_DIR: '/x' }) });
    expect(lines(result.stderr)).toEqual(['KNOWLEDGE_DIR /x does not exist']);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it('GIVEN npm run --silent check THEN the npm script builds and checks the shipped pack', async () => {
    const project = copyProject();
    temps.push(project);
    const result = await run('npm', ['run', '--silent', 'check'], { cwd: project.dir, env: cleanEnv() });
    expect(lines(result.stdout)).toEqual([summaryLine()]);
    expect(result.code).toBe(0);
  });
});

describe('node dist/src/main.js with a broken pack', () => {
  it('GIVEN KNOWLEDGE_DIR naming a broken copy THEN it refuses to start, with the same problem line', async () => {
    const copy = brokenPack();
    const result = await runNode(MAIN, ['--console'], {
      env: cleanEnv({ DISCORD_TOKEN: '', KNOWLEDGE_DIR: copy.dir }),
      input: '/claim inbox api\n',
    });
    expect(lines(result.stderr)).toEqual([
      'Receipts cannot start: the knowledge pack is not valid.',
      problem(copy.dir),
    ]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });
});
