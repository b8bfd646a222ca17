/**
 * Memory: the resident set of the gateway bot, idle after it is ready against the local Discord
 * emulator (started here, in this process), with the shipped pack; beside it, a process that
 * only imports discord.js (what any discord.js bot starts from), and a bare Node process that
 * only keeps a timer.
 */

import { type Emulator, startEmulator } from '../test/emulator/index.js';
import { botToken, startBot } from '../test/support/bot.js';
import { rssMB, sleep, startNode } from './processes.js';
import { median, ms, nowNs } from './stats.js';

/** The memory figures, medians over the runs. */
export interface MemoryFigures {
  readonly runs: number;
  readonly settleSeconds: number;
  /** The bot's VmRSS once ready and settled, MB; null when the emulator could not run. */
  readonly gatewayRssMB: number | null;
  /** A bare `node -e 'setInterval(()=>{},1e3)'`, MB. */
  readonly bareRssMB: number;
  readonly timesBare: number | null;
  /** A process that imports discord.js and keeps a timer, MB. */
  readonly discordJsRssMB: number;
  /** What the app adds to that: the gateway bot's RSS less it, MB. */
  readonly addedOverDiscordJsMB: number | null;
  /** Spawn to the bot's ready log line against the emulator, ms. */
  readonly gatewayReadyMs: number | null;
  readonly unavailable?: string;
}

/** Measures the gateway bot and the bare process `runs` times each, in turns. */
export async function measureMemory(
  runs: number,
  settleSeconds: number,
  log: (line: string) => void,
): Promise<MemoryFigures> {
  let emulator: Emulator | null = null;
  let unavailable: string | undefined;
  try {
    emulator = await startEmulator({ token: botToken });
  } catch (error) {
    unavailable = `the Discord emulator could not start: ${(error as Error).message}`;
    log(`  ${unavailable}`);
  }
  const gateway: number[] = [];
  const ready: number[] = [];
  const bare: number[] = [];
  const discordJs: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const idle = startNode(['-e', 'setInterval(() => {}, 1e3)']);
      await sleep(settleSeconds * 1000);
      const idleRss = rssMB(idle.child.pid);
      await idle.stop();
      if (idleRss !== null) bare.push(idleRss);

      const library = startNode([
        '--input-type=module',
        '-e',
        "await import('discord.js'); console.log('imported'); setInterval(() => {}, 1e3);",
      ]);
      await library.until((line) => line === 'imported');
      await sleep(settleSeconds * 1000);
      const libraryRss = rssMB(library.child.pid);
      await library.stop();
      if (libraryRss !== null) discordJs.push(libraryRss);

      if (!emulator) continue;
      const started = nowNs();
      const bot = await startBot(emulator, { LOG_LEVEL: 'info' });
      ready.push(ms(nowNs() - started));
      await sleep(settleSeconds * 1000);
      const rss = rssMB(bot.child.pid);
      await bot.stop();
      if (rss !== null) gateway.push(rss);
      log(
        `  run ${run + 1}: gateway ${rss?.toFixed(1)} MB, discord.js imported ${libraryRss?.toFixed(1)} MB, bare node ${idleRss?.toFixed(1)} MB`,
      );
    }
  } finally {
    await emulator?.close();
  }
  const gatewayRss = gateway.length > 0 ? median(gateway) : null;
  const bareRss = median(bare);
  const discordJsRss = median(discordJs);
  return {
    runs,
    settleSeconds,
    gatewayRssMB: gatewayRss,
    bareRssMB: bareRss,
    timesBare: gatewayRss === null ? null : gatewayRss / bareRss,
    discordJsRssMB: discordJsRss,
    addedOverDiscordJsMB: gatewayRss === null ? null : gatewayRss - discordJsRss,
    gatewayReadyMs: ready.length > 0 ? median(ready) : null,
    ...(unavailable ? { unavailable } : {}),
  };
}
