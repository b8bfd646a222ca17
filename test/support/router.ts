/**
 * The router in this process, with the real commands and the shipped pack, for tests that put
 * thousands of inputs through it. Its log is captured; the Discord actions are stand-ins.
 */
import { commands } from '../../commands/index.js';
import type { AnswerContext } from '../../src/answers/answer.js';
import { openContext } from '../../src/answers/context.js';
import { Cooldown } from '../../src/discord/cooldown.js';
import type { RouterDeps } from '../../src/discord/router.js';
import { createLogger } from '../../src/log.js';
import { shippedPack } from './pack.js';

/** Router dependencies over a pack, and the log lines they wrote. */
export interface InProcessRouter {
  readonly deps: RouterDeps;
  readonly context: AnswerContext;
  /** Parsed log records so far. */
  records(): Record<string, unknown>[];
  /** Records at level error (50) or above. */
  errors(): Record<string, unknown>[];
}

/** Opens the pack in `dir` (the shipped one by default) and builds the router's dependencies. */
export async function inProcessRouter(
  dir = shippedPack,
  overrides: Partial<RouterDeps> = {},
): Promise<InProcessRouter> {
  const opened = await openContext(dir);
  if (!opened.ok) throw new Error(`test setup: the pack does not load:\n${opened.problems.join('\n')}`);
  const context = opened.context;
  const records: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'debug',
    stream: { write: (line: string) => records.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return {
    context,
    deps: {
      commands,
      answers: () => context,
      factCheckChannels: new Set(),
      cooldown: new Cooldown(0),
      actions: { canPin: true, pin: async () => 'pinned' },
      log,
      ...overrides,
    },
    records: () => records,
    errors: () => records.filter((record) => typeof record.level === 'number' && record.level >= 50),
  };
}
