/**
 * Configuration: the mode follows from what is set, every problem is one plain line, and a
 * secret value is never repeated back — not by readConfig, not by the process refusing to start.
 */
import { relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { shippedPack } from './support/pack.js';
import { cleanEnv, lines, runNode } from './support/run.js';

/** Shaped like a bot token (three dot-separated parts); made up, built here so no scanner trips on it. */
const TOKEN = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(27)}`;
/** Not a bot token: two parts, but long and distinctive enough to spot if echoed. */
const BAD_TOKEN = `${'S3cr3tV4lu3'.repeat(3)}.${'Q'.repeat(12)}`;
const APP_ID = '123456789012345678';
const PUBLIC_KEY = 'a1'.repeat(32);

function problemsOf(env: NodeJS.ProcessEnv, argv: readonly string[] = []): readonly string[] {
  const result = readConfig(env, argv);
  if (result.ok) throw new Error(`expected problems, got a ${result.config.mode} config`);
  return result.problems;
}

function configOf(env: NodeJS.ProcessEnv, argv: readonly string[] = []) {
  const result = readConfig(env, argv);
  if (!result.ok) throw new Error(`expected a config, got: ${result.problems.join('; ')}`);
  return result.config;
}

describe('readConfig: the mode', () => {
  it('GIVEN no token THEN the console, with the shipped pack and no Discord settings', () => {
    const config = configOf({});
    expect(config.mode).toBe('console');
    expect(config.token).toBeNull();
    expect(config.applicationId).toBeNull();
    expect(config.knowledgeDir).toBe(shippedPack);
  });

  it('GIVEN an empty DISCORD_TOKEN THEN the console, as if it were not set', () => {
    expect(configOf({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' }).mode).toBe('console');
  });

  it('GIVEN DISCORD_TOKEN and DISCORD_APPLICATION_ID THEN the gateway, with both', () => {
    const config = configOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID });
    expect(config.mode).toBe('gateway');
    expect(config.token).toBe(TOKEN);
    expect(config.applicationId).toBe(APP_ID);
  });

  it('GIVEN a token but no application id THEN one line saying the id is required', () => {
    expect(problemsOf({ DISCORD_TOKEN: TOKEN })).toEqual([
      'DISCORD_APPLICATION_ID is required to connect to Discord',
    ]);
  });

  it('GIVEN RECEIPTS_MODE=gateway and nothing else THEN one line for each missing setting', () => {
    expect(problemsOf({ RECEIPTS_MODE: 'gateway' })).toEqual([
      'DISCORD_TOKEN is required to connect to Discord',
      'DISCORD_APPLICATION_ID is required to connect to Discord',
    ]);
  });

  it('GIVEN --http without DISCORD_PUBLIC_KEY THEN one line saying it is required', () => {
    expect(problemsOf({ DISCORD_APPLICATION_ID: APP_ID }, ['--http'])).toEqual([
      'DISCORD_PUBLIC_KEY is required for HTTP interactions',
    ]);
  });

  it('GIVEN --http with a public key and application id THEN http mode, even with a token set', () => {
    const config = configOf(
      { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_PUBLIC_KEY: PUBLIC_KEY.toUpperCase() },
      ['--http'],
    );
    expect(config.mode).toBe('http');
    expect(config.publicKey).toBe(PUBLIC_KEY);
  });
});

describe('readConfig: malformed values', () => {
  it('GIVEN a malformed token and application id THEN one line per problem, never the token', () => {
    const problems = problemsOf({ DISCORD_TOKEN: BAD_TOKEN, DISCORD_APPLICATION_ID: 'my-app' });
    expect(problems).toEqual([
      'DISCORD_TOKEN is not a bot token (three dot-separated parts)',
      'DISCORD_APPLICATION_ID must be a Discord id of 17 to 20 digits (got "my-app")',
    ]);
    for (const problem of problems) {
      expect(problem).not.toContain(BAD_TOKEN);
      expect(problem).not.toContain('S3cr3t');
    }
  });

  it('GIVEN --http and a malformed public key THEN one line, without the key', () => {
    const problems = problemsOf({ DISCORD_APPLICATION_ID: APP_ID, DISCORD_PUBLIC_KEY: 'zz-not-hex' }, [
      '--http',
    ]);
    expect(problems).toEqual(['DISCORD_PUBLIC_KEY must be 64 hex characters']);
  });

  it('GIVEN the console and malformed Discord keys THEN it runs, and ignores them', () => {
    for (const env of [
      { DISCORD_TOKEN: BAD_TOKEN, DISCORD_PUBLIC_KEY: 'zz', DISCORD_APPLICATION_ID: 'x', SHARDS: 'many' },
      { RECEIPTS_MODE: 'console', DISCORD_TOKEN: BAD_TOKEN, DISCORD_GUILD_ID: 'guild' },
    ]) {
      const config = configOf(env, 'RECEIPTS_MODE' in env ? [] : ['--console']);
      expect(config.mode).toBe('console');
      expect(config.token).toBeNull();
      expect(config.publicKey).toBeNull();
    }
  });

  it('GIVEN the console and a malformed setting it does use THEN that is still a problem', () => {
    expect(problemsOf({ DISCORD_TOKEN: BAD_TOKEN, LOG_LEVEL: 'loud' }, ['--console'])).toEqual([
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent (got "loud")',
    ]);
  });

  it('GIVEN PORT=abc THEN one line in plain words, with the value', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual(['PORT must be a number from 0 to 65535 (got "abc")']);
  });

  it('GIVEN SHARDS=many for the gateway THEN one line in plain words, with the value', () => {
    expect(problemsOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID, SHARDS: 'many' })).toEqual([
      'SHARDS must be "auto" or a whole number from 1 to 1024 (got "many")',
    ]);
  });

  it('GIVEN SITE=maybe and a PUBLIC_URL that is not a web address THEN one line each, in plain words', () => {
    expect(problemsOf({ SITE: 'maybe', PUBLIC_URL: 'ftp://receipts.example/' })).toEqual([
      'SITE must be true or false (got "maybe")',
      'PUBLIC_URL must be an http(s) URL (got "ftp://receipts.example/")',
    ]);
  });

  it('GIVEN KNOWLEDGE_DIR naming no folder THEN one line saying it does not exist', () => {
    expect(problemsOf({ KNOWLEDGE_DIR: '/x' })).toEqual(['KNOWLEDGE_DIR /x does not exist']);
  });

  it('GIVEN several problems THEN every one at once, in the order of the settings', () => {
    expect(
      problemsOf({
        DISCORD_TOKEN: TOKEN,
        PORT: 'abc',
        SHARDS: 'many',
        KNOWLEDGE_DIR: '/x',
        LOG_LEVEL: 'loud',
      }),
    ).toEqual([
      'PORT must be a number from 0 to 65535 (got "abc")',
      'SHARDS must be "auto" or a whole number from 1 to 1024 (got "many")',
      'LOG_LEVEL must be fatal, error, warn, info, debug, trace or silent (got "loud")',
      'DISCORD_APPLICATION_ID is required to connect to Discord',
      'KNOWLEDGE_DIR /x does not exist',
    ]);
  });
});

describe('readConfig: FACTCHECK_CHANNEL_IDS', () => {
  it('GIVEN ids separated by commas, spaces or line breaks THEN each is a fact-check channel', () => {
    const ids = ['123456789012345678', '234567890123456789', '34567890123456789012'];
    const config = configOf({ FACTCHECK_CHANNEL_IDS: ` ${ids[0]}, ${ids[1]}\n${ids[2]},` });
    expect([...config.factCheckChannels].sort()).toEqual(ids);
  });

  it('GIVEN nothing or only separators THEN no fact-check channels', () => {
    expect(configOf({}).factCheckChannels.size).toBe(0);
    expect(configOf({ FACTCHECK_CHANNEL_IDS: ' , ' }).factCheckChannels.size).toBe(0);
  });

  it('GIVEN one malformed id among good ones THEN one line naming the setting', () => {
    expect(problemsOf({ FACTCHECK_CHANNEL_IDS: '123456789012345678, #fact-check' })).toEqual([
      'FACTCHECK_CHANNEL_IDS: "#fact-check" must be a Discord id of 17 to 20 digits',
    ]);
  });

  it('GIVEN two malformed ids THEN two lines that say which entry each is about', () => {
    const problems = problemsOf({ FACTCHECK_CHANNEL_IDS: '#fact-check, 12345' });
    expect(problems).toHaveLength(2);
    // Channel ids are not secret; identical lines leave the reader to guess which entry is wrong.
    expect(new Set(problems).size).toBe(2);
  });
});

describe('readConfig: other settings', () => {
  it('GIVEN SITE=yes and PUBLIC_URL THEN the web record is served and answers link to it; by default neither', () => {
    const set = configOf({ SITE: 'yes', PUBLIC_URL: 'https://receipts.example/record/' });
    expect([set.site, set.publicUrl]).toEqual([true, 'https://receipts.example/record/']);
    const unset = configOf({});
    expect([unset.site, unset.publicUrl]).toEqual([false, null]);
  });

  it('GIVEN KNOWLEDGE_DIR relative THEN it is resolved from the working directory', () => {
    const relativeDir = relative(process.cwd(), shippedPack);
    expect(configOf({ KNOWLEDGE_DIR: relativeDir }).knowledgeDir).toBe(resolve(relativeDir));
  });
});

describe('node dist/src/main.js with a malformed DISCORD_TOKEN', () => {
  it('GIVEN a malformed token THEN exit 1 with one line "Receipts cannot start: …" that does not contain it', async () => {
    const result = await runNode('dist/src/main.js', [], {
      env: cleanEnv({ DISCORD_TOKEN: BAD_TOKEN, DISCORD_APPLICATION_ID: APP_ID }),
    });
    expect(lines(result.stderr)).toEqual([
      'Receipts cannot start: DISCORD_TOKEN is not a bot token (three dot-separated parts).',
    ]);
    expect(result.stdout).toBe('');
    expect(result.stderr + result.stdout).not.toContain('S3cr3t');
    expect(result.code).toBe(1);
  });

  it('GIVEN a malformed application id THEN exit 1 with one line naming it', async () => {
    const result = await runNode('dist/src/main.js', [], {
      env: cleanEnv({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'my-bot' }),
    });
    expect(lines(result.stderr)).toEqual([
      'Receipts cannot start: DISCORD_APPLICATION_ID must be a Discord id of 17 to 20 digits (got "my-bot").',
    ]);
    expect(result.code).toBe(1);
  });

  it('GIVEN the same malformed settings and --console THEN the console still answers', async () => {
    const result = await runNode('dist/src/main.js', ['--console'], {
      env: cleanEnv({ DISCORD_TOKEN: BAD_TOKEN, DISCORD_APPLICATION_ID: 'my-bot' }),
      input: '/claim inbox api\nquit\n',
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Claims for “inbox api”');
    expect(result.stdout).toContain("that Netflix had access to Meta's “Inbox API”");
  });
});

describe('node dist/src/main.js and its command line', () => {
  it('GIVEN an unknown flag THEN exit 1 with one line naming it and the flags there are', async () => {
    const result = await runNode('dist/src/main.js', ['--htp', '--console']);
    expect(lines(result.stderr)).toEqual([
      'Receipts cannot start: unknown option --htp (the options are --console, --http and --help).',
    ]);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  it('GIVEN --help THEN the usage on standard output, exit 0', async () => {
    const result = await runNode('dist/src/main.js', ['--help']);
    expect(lines(result.stdout)).toEqual([
      'Usage: npm start [-- --console | --http]',
      '  (none)     the bot on Discord when DISCORD_TOKEN is set, else the console',
      '  --console  the local console, even when DISCORD_TOKEN is set',
      '  --http     HTTP interactions (needs DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID)',
      '  --help     this text',
      'Settings come from the environment and .env; .env.example lists them.',
    ]);
    expect(result.code).toBe(0);
  });

  it('GIVEN several configuration problems and an unknown flag THEN all of them at once, one line each', async () => {
    const result = await runNode('dist/src/main.js', ['--htp', '--http'], {
      env: cleanEnv({ PORT: 'abc', KNOWLEDGE_DIR: '/x' }),
    });
    expect(lines(result.stderr)).toEqual([
      'Receipts cannot start: unknown option --htp (the options are --console, --http and --help).',
      'Receipts cannot start: PORT must be a number from 0 to 65535 (got "abc").',
      'Receipts cannot start: DISCORD_PUBLIC_KEY is required for HTTP interactions.',
      'Receipts cannot start: DISCORD_APPLICATION_ID is required for HTTP interactions.',
      'Receipts cannot start: KNOWLEDGE_DIR /x does not exist.',
    ]);
    expect(result.code).toBe(1);
  });
});

describe('readConfig: how each kind of setting is read', () => {
  it('GIVEN addresses THEN an http(s) one with a host is taken as typed less surrounding spaces, others are refused', () => {
    expect(configOf({ PUBLIC_URL: '  https://example.org/receipts/ ' }).publicUrl).toBe(
      'https://example.org/receipts/',
    );
    expect(configOf({ DISCORD_API_BASE: 'HTTP://127.0.0.1:9/api/' }).apiBase).toBe('HTTP://127.0.0.1:9/api');
    for (const bad of ['http:/a', 'ftp://example.org', 'example.org', 'https://', 'javascript:alert(1)'])
      expect(problemsOf({ PUBLIC_URL: bad })).toEqual([`PUBLIC_URL must be an http(s) URL (got "${bad}")`]);
  });

  it('GIVEN numbers THEN whole numbers within bounds are taken, as JavaScript reads them, and others refused', () => {
    expect(configOf({ PORT: ' 8080 ' }).port).toBe(8080);
    expect(configOf({ PORT: '0x10' }).port).toBe(16);
    expect(configOf({ PUBLIC_COOLDOWN_SECONDS: '1e3' }).publicCooldownSeconds).toBe(1000);
    for (const bad of ['5.5', 'NaN', '65536', '-1', 'eighty'])
      expect(problemsOf({ PORT: bad })).toEqual([`PORT must be a number from 0 to 65535 (got "${bad}")`]);
  });

  it('GIVEN flags THEN true, 1 and yes are on, false, 0 and no are off, and anything else is refused', () => {
    for (const on of ['true', '1', 'yes']) expect(configOf({ SITE: on }).site).toBe(true);
    for (const off of ['false', '0', 'no']) expect(configOf({ SITE: off }).site).toBe(false);
    expect(problemsOf({ SITE: 'TRUE' })).toEqual(['SITE must be true or false (got "TRUE")']);
  });
});
