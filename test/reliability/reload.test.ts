/**
 * Live pack reload (`KNOWLEDGE_WATCH=true`): a valid edit is served as soon as the watcher has
 * read it, by the bot, the console and the HTTP endpoint; an invalid edit is reported with the validator's own lines and the last
 * good pack goes on being served; a file caught half-written never produces a broken pack, nor
 * one that merely parses — not even when it is read in the middle of being written.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIInteractionResponse } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/answers/context.js';
import { formatProblem, loadPack } from '../../src/knowledge/load.js';
import { watchPack } from '../../src/knowledge/watch.js';
import { createLogger } from '../../src/log.js';
import { type Emulator, startEmulator } from '../emulator/index.js';
import { type BotProcess, botToken, startBot } from '../support/bot.js';
import { visibleText } from '../support/discord-checks.js';
import { recordFigures, resetFigures } from '../support/figures.js';
import { type HttpBot, send, startHttpBot } from '../support/http.js';
import { copyPack, countItems, type PackCopy, packIdentity } from '../support/pack.js';
import { until } from '../support/poll.js';
import { cleanEnv, repoRoot } from '../support/run.js';

/** The shipped pack's version, which the edits below replace. */
const shipped = packIdentity().version;

type Message = Extract<APIInteractionResponse, { type: 4 }>;

/** Two statements, valid on their own, for a file written in pieces. */
const extraStatements = `
- id: extra-one
  stance: context
  title: One more statement
  speaker: { name: TechCrunch, role: null, organisation: TechCrunch }
  said_in: TechCrunch's article of 2 April 2024
  said_on: 2024-04-02
  source: techcrunch-2024-04-02
  quote: Meta, for its part, is denying the accuracy of the document's claims.

- id: extra-two
  stance: context
  title: And another
  speaker: { name: TechCrunch, role: null, organisation: TechCrunch }
  said_in: TechCrunch's article of 2 April 2024
  said_on: 2024-04-02
  source: techcrunch-2024-04-02
  quote: The document alleges that there was a “special relationship” between Netflix and Facebook
`;
const firstOfTwo = extraStatements.slice(0, extraStatements.indexOf('\n- id: extra-two'));

const copies: PackCopy[] = [];
function fresh(): PackCopy {
  const copy = copyPack();
  copies.push(copy);
  return copy;
}
afterAll(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

beforeAll(() => resetFigures('reload'));

describe('GIVEN the bot serving a pack it watches', () => {
  let emulator: Emulator;
  let bot: BotProcess;
  let pack: PackCopy;
  const asked: string[] = [];

  beforeAll(async () => {
    pack = fresh();
    emulator = await startEmulator({ token: botToken });
    bot = await startBot(emulator, { KNOWLEDGE_WATCH: 'true', KNOWLEDGE_DIR: pack.dir });
    await bot.waitForLog((record) => record.msg === 'watching the pack for changes');
  });

  afterAll(async () => {
    await bot?.stop();
    await emulator?.close();
  });

  async function ask(name: string, options: Record<string, string> = {}): Promise<Message> {
    const id = emulator.dispatchInteraction(emulator.payloads.chatInput(name, options));
    asked.push(id);
    return (await emulator.waitForResponse(id)) as Message;
  }

  /** The pack version an answer was rendered from (its footer, or /about's Pack field). */
  function versionOf(message: Message): string | undefined {
    const text = [
      ...(message.data.embeds ?? []).map((embed) => embed.footer?.text ?? ''),
      ...(message.data.embeds ?? []).flatMap((embed) => (embed.fields ?? []).map((field) => field.value)),
    ].join('\n');
    return /(\d+\.\d+\.\d+), as of/.exec(visibleText(text))?.[1];
  }

  it('WHEN a valid edit is saved THEN it is served once the watcher has read it', async () => {
    expect(versionOf(await ask('about'))).toBe(shipped);
    pack.edit(
      'statements/claims.yaml',
      'title: Plaintiffs say Netflix and Facebook had a special relationship',
      'title: Plaintiffs say Netflix and Facebook had a special relationship (edited)',
    );
    // The version changes last, so a pack read with it holds the other edit too.
    pack.edit('pack.yaml', `version: ${shipped}`, 'version: 1.0.1');
    await bot.waitForLog((record) => record.msg === 'pack reloaded' && record.version === '1.0.1');

    expect(versionOf(await ask('about'))).toBe('1.0.1');
    const claim = await ask('claim', { query: 'special relationship' });
    expect(claim.data.embeds?.[0]?.title).toBe(
      'Plaintiffs say Netflix and Facebook had a special relationship (edited)',
    );
    expect(versionOf(claim)).toBe('1.0.1');
    expect(bot.logs.filter((record) => record.msg === 'pack reloaded').at(-1)).toMatchObject({
      version: '1.0.1',
    });
  });

  it('WHEN an invalid edit is saved THEN the validator’s lines are logged and the last good pack is served', async () => {
    pack.edit('pack.yaml', 'version: 1.0.1', 'version: 1.0.2');
    pack.edit('statements/claims.yaml', '“special relationship” between', '“special relationship” betwixt');
    const refused = await bot.waitForLog(
      (record) => record.msg === 'pack not reloaded; still serving the last good pack',
    );
    const result = await loadPack(pack.dir);
    if (result.ok) throw new Error('test setup: the edited pack should not load');
    const expected = result.problems.map((problem) => formatProblem(problem, pack.dir));
    const logged = bot.logs.filter((record) => record.msg === 'pack problem').map((record) => record.problem);
    expect(logged).toEqual(expected);
    expect(expected[0]).toContain(
      'statements/claims.yaml [claim-special-relationship] quote: is not in the text',
    );
    expect(refused).toMatchObject({ problems: expected.length, version: '1.0.1' });

    const claim = await ask('claim', { query: 'special relationship' });
    expect(versionOf(claim)).toBe('1.0.1');
    expect(visibleText(claim.data.embeds?.[0]?.description ?? '', { bold: true })).toContain(
      '“special relationship” between Netflix',
    );

    pack.edit('statements/claims.yaml', '“special relationship” betwixt', '“special relationship” between');
    await bot.waitForLog((record) => record.msg === 'pack reloaded' && record.version === '1.0.2');
    expect(versionOf(await ask('about'))).toBe('1.0.2');
  });

  it('WHEN a statements file is left half-written, piece after piece THEN each piece is refused and the last good pack served', async () => {
    const before = bot.logs.length;
    const base = countItems(pack.dir).statements;
    // Where the writer stops each time: mid-word, mid-mapping, before a value; never inside a
    // quote (a quote cut short is still a verbatim quote: see docs/reliability.md).
    const stops = [
      '  stance: cont',
      '  speaker: { name: Tech',
      "  said_in: TechCrunch's article of 2 April 2024\n  said_on: 2024-0",
      '  quote:',
      '- id: extra-two\n  sta',
      '  speaker: { name: TechCrunch, role: nu',
      '  said_on: 2024-04-02\n  source: techcrunch-2024-04-02\n  quote:',
    ];
    let from = 0;
    const pieces = stops.map((stop) => {
      const at = extraStatements.indexOf(stop, from) + stop.length;
      const piece = extraStatements.slice(from, at);
      from = at;
      return piece;
    });
    pieces.push(extraStatements.slice(from));
    const counts: (string | undefined)[] = [];
    const askAbout = async () => {
      const about = await ask('about');
      counts.push(/(\d+) statements/.exec(visibleText(JSON.stringify(about.data.embeds)))?.[1]);
    };
    const refusalsSoFar = () =>
      bot.logs.filter((record) => record.msg === 'pack not reloaded; still serving the last good pack')
        .length;
    const file = join(pack.dir, 'statements', 'extra.yaml');
    await askAbout();
    for (const [index, piece] of pieces.entries()) {
      const refused = refusalsSoFar();
      appendFileSync(file, piece);
      if (index === pieces.length - 1) break;
      // The watcher reads what is there and refuses it; members asking meanwhile get the last good pack.
      await until(() => refusalsSoFar() > refused, `piece ${index + 1} to be refused`, {
        explain: () => bot.output(),
      });
      await askAbout();
    }
    await bot.waitForLog((record) => record.msg === 'pack reloaded' && record.statements === base + 2);
    await askAbout();

    const after = bot.logs.slice(before);
    const reloads = after.filter((record) => record.msg === 'pack reloaded');
    const refusals = after.filter(
      (record) => record.msg === 'pack not reloaded; still serving the last good pack',
    );
    expect(reloads.map((record) => record.statements)).toEqual([base + 2]);
    expect(refusals.length).toBeGreaterThanOrEqual(stops.length);
    expect(counts).toEqual([
      ...Array.from({ length: stops.length + 1 }, () => String(base)),
      String(base + 2),
    ]);
    recordFigures('reload', {
      name: 'Bot: a statements file written in 8 pieces, /about asked after each',
      sent: counts.length,
      answered: counts.length,
      answeredFromAPartialPack: counts.filter((count) => count === String(base + 1)).length,
      partialStatesRefused: refusals.length,
      reloadsServed: reloads.length,
    });
  });

  it('THEN every interaction during the edits was answered', () => {
    const answered = asked.filter((id) =>
      emulator.calls.some(
        (call) =>
          call.operationId === 'create_interaction_response' &&
          call.params.interaction_id === id &&
          call.status < 300,
      ),
    );
    expect(answered).toHaveLength(asked.length);
    expect(bot.logs.filter((record) => record.msg === 'interaction failed')).toEqual([]);
  });
});

describe('GIVEN the console serving a pack it watches', () => {
  let child: ChildProcessWithoutNullStreams;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill();
  });

  it('WHEN a valid edit is saved THEN the next question is answered from it', async () => {
    const pack = fresh();
    child = spawn(process.execPath, ['dist/src/main.js', '--console'], {
      cwd: repoRoot,
      env: cleanEnv({ KNOWLEDGE_WATCH: 'true', KNOWLEDGE_DIR: pack.dir }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
    await until(() => stderr.includes('watching the pack for changes'), 'the watcher', { explain: output });
    child.stdin.write('/about\n');
    await until(() => stdout.includes(`meta-netflix-inbox-api ${shipped}`), 'the first answer', {
      explain: output,
    });

    pack.edit('pack.yaml', `version: ${shipped}`, 'version: 2.0.0');
    await until(() => /"version":"2\.0\.0".*"msg":"pack reloaded"/.test(stderr), 'the reload', {
      explain: output,
    });
    child.stdin.write('/about\n');
    await until(() => stdout.includes('meta-netflix-inbox-api 2.0.0'), 'the answer from the new pack', {
      explain: output,
    });
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(0);
    expect(stderr).toContain('"msg":"pack reloaded"');
    expect(stdout).not.toContain('pack reloaded');
  });
});

describe('GIVEN a file read in the middle of being written', () => {
  it('THEN the half that happens to parse is never served: the pack is read again once the file is whole', async () => {
    const half = fresh();
    half.write('statements/extra.yaml', firstOfTwo);
    expect((await loadPack(half.dir)).ok).toBe(true);
    const pack = fresh();
    const opened = await openContext(pack.dir);
    if (!opened.ok) throw new Error('test setup: the copy does not load');
    const base = opened.context.pack.statements.length;
    const records: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'debug',
      stream: { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const file = join(pack.dir, 'statements', 'extra.yaml');
    let reads = 0;
    const live = watchPack({
      dir: pack.dir,
      initial: opened.context,
      log,
      // The first read finds the first statement only, a file that parses and validates; the
      // writer finishes while that read is still going on.
      load: async (dir) => {
        reads++;
        const result = await loadPack(dir);
        if (reads === 1) appendFileSync(file, extraStatements.slice(firstOfTwo.length));
        return result;
      },
    });
    const served = new Set<number>();
    const watching = setInterval(() => served.add(live.current().pack.statements.length), 5);
    try {
      writeFileSync(file, firstOfTwo);
      await until(() => live.current().pack.statements.length === base + 2, 'the reload', {
        explain: () => JSON.stringify(records, null, 1),
      });
    } finally {
      clearInterval(watching);
      live.close();
    }

    expect(reads).toBeGreaterThanOrEqual(2);
    expect([...served]).not.toContain(base + 1);
    const reloads = records.filter((record) => record.msg === 'pack reloaded');
    expect(reloads.map((record) => record.statements)).toEqual([base + 2]);
    expect(records.some((record) => record.msg === 'pack changed while it was read; reading it again')).toBe(
      true,
    );
    recordFigures('reload', {
      name: 'Watcher: a file that parses, read while its writer was still writing',
      reads,
      halfPacksServed: 0,
      reloadsServed: reloads.length,
    });
  });
});

describe('GIVEN the HTTP endpoint serving a pack it watches', () => {
  let emulator: Emulator;
  let http: HttpBot;
  let pack: PackCopy;

  beforeAll(async () => {
    pack = fresh();
    emulator = await startEmulator({ token: botToken });
    http = await startHttpBot(emulator, { KNOWLEDGE_WATCH: 'true', KNOWLEDGE_DIR: pack.dir });
  });

  afterAll(async () => {
    await http?.stop();
    await emulator?.close();
  });

  it('WHEN a valid edit is saved THEN once it is read its health check and its answers name the new pack', async () => {
    const health = async () => JSON.parse((await send(`${http.origin}/healthz`, { method: 'GET' })).text);
    expect(await health()).toMatchObject({ pack: `meta-netflix-inbox-api ${shipped}` });
    pack.edit('pack.yaml', `version: ${shipped}`, 'version: 3.0.0');
    await http.waitForLog((record) => record.msg === 'pack reloaded' && record.version === '3.0.0');

    expect(await health()).toMatchObject({ pack: 'meta-netflix-inbox-api 3.0.0' });
    const reply = await emulator.postInteraction(
      http.url,
      emulator.payloads.chatInput('claim', { query: 'titan api' }),
    );
    const footer = (reply.body as Message).data.embeds?.at(-1)?.footer?.text ?? '';
    expect(footer).toContain('pack 3.0.0');
  });
});
