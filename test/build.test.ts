/**
 * `scripts/build.mjs`, which every runnable npm script calls first: one bundle per program,
 * built again when a source changed and left as it is when nothing did, so `npm run ask` and
 * `npm start` run what was built last. A file the test writes into dist/ tells whether a build
 * ran (a build starts from an empty dist/).
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from './support/project.js';
import { run } from './support/run.js';

let project: ProjectCopy;
const marker = () => join(project.dir, 'dist', 'kept.txt');
const builtId = () =>
  (JSON.parse(readFileSync(join(project.dir, 'dist/build.json'), 'utf8')) as { id: string }).id;

async function build(): Promise<void> {
  const ran = await run(process.execPath, ['scripts/build.mjs'], { cwd: project.dir });
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
}

beforeAll(async () => {
  project = copyProject();
  await build();
  writeFileSync(marker(), 'written after the first build\n');
});

afterAll(() => project.remove());

describe('GIVEN a copy of the project, built once', () => {
  it('THEN each program is one file in dist/, and the pieces of the gateway are not in it', () => {
    for (const program of [
      'src/main.js',
      'src/cli/ask.js',
      'src/knowledge/check.js',
      'src/discord/deploy.js',
    ])
      expect(existsSync(join(project.dir, 'dist', program)), program).toBe(true);
    expect(existsSync(join(project.dir, 'dist/src/start.js'))).toBe(false);
    expect(existsSync(join(project.dir, 'dist/commands'))).toBe(false);
    // discord.js is imported where the gateway starts, not when the program loads.
    const main = readFileSync(join(project.dir, 'dist/src/main.js'), 'utf8');
    expect(main).toMatch(/import\(["']discord\.js["']\)/);
    expect(main).not.toMatch(/^import [^;]*from ["']discord\.js["']/m);
  });

  it('THEN every program is Latin-1 text, though the sources write curly quotes in regular expressions and tagged templates', () => {
    // V8 holds a script's source a byte a character only when every character is Latin-1.
    expect(readFileSync(join(project.dir, 'src/search/analyze.ts'), 'utf8')).toMatch(/[\u2018\u2019]/);
    for (const program of [
      'src/main.js',
      'src/cli/ask.js',
      'src/cli/report.js',
      'src/knowledge/check.js',
      'src/discord/deploy.js',
      'src/site/cli.js',
    ]) {
      const text = readFileSync(join(project.dir, 'dist', program), 'utf8');
      expect(text.match(/[\u0100-\uffff]/g) ?? [], program).toEqual([]);
    }
  });

  it('WHEN npm run ask runs with nothing changed THEN it answers from the same build, not a new one', async () => {
    const before = builtId();
    const ran = await run('npm', ['run', '--silent', 'ask', '--', 'claim', 'inbox', 'api'], {
      cwd: project.dir,
    });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toContain('Inbox API');
    expect(existsSync(marker())).toBe(true);
    expect(builtId()).toBe(before);
  });

  it('WHEN only the knowledge pack changes THEN nothing is built (the pack is read at run time)', async () => {
    const before = builtId();
    appendFileSync(join(project.dir, 'knowledge/timeline.yaml'), '\n# a comment\n');
    await build();
    expect(existsSync(marker())).toBe(true);
    expect(builtId()).toBe(before);
  });

  it('WHEN one source changes THEN it is built again, under another id, and runs the change', async () => {
    const before = builtId();
    const source = join(project.dir, 'src/cli/ask.ts');
    writeFileSync(
      source,
      readFileSync(source, 'utf8').replace(
        "'  --help            this text'",
        "'  --help            this text, rebuilt'",
      ),
    );
    const ran = await run('npm', ['run', '--silent', 'ask', '--', '--help'], { cwd: project.dir });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('--help            this text, rebuilt');
    expect(existsSync(marker())).toBe(false);
    expect(builtId()).not.toBe(before);
  });

  it('WHEN a source has a backslash before a character above U+00FF THEN the build stops and says where', async () => {
    const source = join(project.dir, 'src/cli/pipe.ts');
    const before = readFileSync(source, 'utf8');
    writeFileSync(source, `${before}\nexport const curly = /\\\u2019/;\n`);
    try {
      const ran = await run(process.execPath, ['scripts/build.mjs'], { cwd: project.dir });
      expect(ran.code).not.toBe(0);
      expect(ran.stderr).toContain('src/cli/pipe.ts');
      expect(ran.stderr).toMatch(/a backslash before .\u2019.: write the character as a \\u escape/);
    } finally {
      writeFileSync(source, before);
    }
  });
});
