/**
 * Starting the program the way users do: `node dist/…` (built by the global setup) with the
 * repository root as the working directory, and an environment a developer's shell or .env
 * cannot change.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Every variable the configuration reads. Set to '' (unset, for the config) unless a test says. */
const configKeys = [
  'DISCORD_TOKEN',
  'DISCORD_APPLICATION_ID',
  'DISCORD_PUBLIC_KEY',
  'DISCORD_GUILD_ID',
  'DISCORD_API_BASE',
  'RECEIPTS_MODE',
  'HOST',
  'PORT',
  'SHARDS',
  'KNOWLEDGE_DIR',
  'KNOWLEDGE_WATCH',
  'FACTCHECK_CHANNEL_IDS',
  'PUBLIC_COOLDOWN_SECONDS',
  'LOG_LEVEL',
  'STORE',
  'DATA_DIR',
  'DATABASE_URL',
  'STORE_SECRET',
  'RECORD_QUESTIONS',
  'RETENTION_DAYS',
  'STORE_QUEUE_SIZE',
  'SITE',
  'PUBLIC_URL',
];

/**
 * The test process's environment with every configuration key blank. dotenv does not override
 * a variable that is already set, even to '', so a developer's .env cannot change a run.
 */
export function cleanEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  for (const key of configKeys) env[key] = '';
  return { ...env, ...overrides };
}

/** What a finished process left. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion, writing `input` (if any) to its standard input. */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {
      // The program may exit before reading its input (a refused start); that is not a test error.
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `node <script> …args` from the repository root. */
export function runNode(
  script: string,
  args: readonly string[] = [],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Ran> {
  return run(process.execPath, [script, ...args], options);
}

/** The lines of an output, without the empty line after the last newline. */
export function lines(text: string): string[] {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}
