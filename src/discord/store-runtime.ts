/**
 * The store as a serving process runs it: the write queue (opened in the background), what the
 * router records through, the report, the shared cooldown, the daily sweep of old records, and
 * the corrections of posted answers. With the store off (STORE=off), none of it runs: the
 * cooldown is kept in memory and nothing is recorded.
 */
import type { REST } from '@discordjs/rest';
import type { StoreConfig } from '../config.js';
import type { Pack } from '../knowledge/types.js';
import type { Logger } from '../log.js';
import { storeLocation } from '../store/database.js';
import { type StoreHealth, StoreService } from '../store/queue.js';
import { Cooldown, type CooldownGate, SharedCooldown } from './cooldown.js';
import { CorrectionWorker, restCorrectionCalls } from './corrections.js';
import type { Recorder } from './recording.js';
import type { Reports } from './report.js';

/** How often old records are swept. */
export const SWEEP_EVERY_MS = 60 * 60_000;

/** What the router and the transports take from the store. */
export interface StoreRuntime {
  readonly recorder: Recorder | undefined;
  readonly reports: Reports | undefined;
  readonly cooldown: CooldownGate;
  /** For /healthz: the store's state, or `off`. */
  health(): StoreHealth | { readonly state: 'off' };
  /** Starts updating posted answers when the pack's corrections change (needs Discord's REST). */
  startCorrections(options: {
    readonly rest: Pick<REST, 'get' | 'patch' | 'post'>;
    readonly botToken: boolean;
    readonly pack: () => Pack;
    /** Where the web record is published (PUBLIC_URL); corrected answers keep their links. */
    readonly publicUrl?: string | null;
  }): void;
  /** Forgets a server (the bot was removed from it). */
  forgetGuild(guildId: string): void;
  /** Stops the workers and writes what is queued (briefly). */
  close(): Promise<void>;
}

/** Starts the store for a serving process, or the in-memory stand-ins when it is off. */
export function startStoreRuntime(
  config: StoreConfig | null,
  cooldownSeconds: number,
  log: Logger,
): StoreRuntime {
  if (!config) {
    log.info('store off: nothing is recorded; the public cooldown is kept per process');
    return {
      recorder: undefined,
      reports: undefined,
      cooldown: new Cooldown(cooldownSeconds),
      health: () => ({ state: 'off' }),
      startCorrections: () => {},
      forgetGuild: () => {},
      close: async () => {},
    };
  }
  const service = StoreService.at(storeLocation(config), log, {
    secret: config.secret,
    capacity: config.queueSize,
  });
  service.start();
  const sweep = async () => {
    const store = service.current();
    if (!store) return;
    try {
      const swept = await store.sweep(Date.now(), config.retentionDays);
      log.info({ ...swept, retentionDays: config.retentionDays }, 'store swept');
    } catch (error) {
      log.warn({ err: error }, 'store sweep failed; will retry');
    }
  };
  const first = setTimeout(() => void sweep(), 60_000);
  const sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  first.unref();
  sweeper.unref();
  let corrections: CorrectionWorker | null = null;
  const recorder: Recorder = {
    record(record) {
      service.record(record);
      if (record.kind === 'post') corrections?.posted();
    },
    recordQuestions: config.recordQuestions,
  };
  return {
    recorder,
    reports: {
      report: (guildId) => service.read((store) => store.report(guildId, Date.now())),
      forget: (guildId) => service.record({ kind: 'forget', guildId, at: Date.now() }),
    },
    cooldown: new SharedCooldown(service, cooldownSeconds),
    health: () => service.health(),
    startCorrections({ rest, botToken, pack, publicUrl }) {
      corrections = new CorrectionWorker({
        store: service,
        pack,
        calls: restCorrectionCalls(rest, botToken),
        log,
        canPin: botToken,
        publicUrl: publicUrl ?? null,
      });
      corrections.start();
    },
    forgetGuild(guildId) {
      log.info({ guildId }, 'removed from a server; forgetting its records');
      service.record({ kind: 'forget', guildId, at: Date.now() });
    },
    async close() {
      clearTimeout(first);
      clearInterval(sweeper);
      await corrections?.stop();
      await service.close();
    },
  };
}
