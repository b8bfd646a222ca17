/**
 * The store behind a bounded, in-memory write queue. Answering only ever pushes a record here
 * and goes on: nothing an answer does waits for the store. Records are written in batches; when
 * the store cannot be reached (a file that cannot be written, a database that is down or slow)
 * they wait, and are written once it is back. When the queue is full, new records are dropped,
 * counted and logged. The store is opened (and migrated) in the background, so a store that is
 * down at start delays nothing either.
 */
import type { Logger } from '../log.js';
import { describeLocation, type StoreLocation } from './database.js';
import { dayOf, type StoreRecord, type ViewsRecord } from './records.js';
import { Store } from './store.js';

/** Tuning of the queue; every value has a default. */
export interface QueueOptions {
  /** Records held at most while the store is away; more are dropped. Default 10 000. */
  readonly capacity?: number;
  /** Records written per transaction. Default 200. */
  readonly batchSize?: number;
  /**
   * How long a record waits for others to be written with it (one transaction for many answers
   * costs far less than one each). A full batch is written at once. Default 200 ms.
   */
  readonly flushDelayMs?: number;
  /** First wait before retrying a failed write or open; doubles up to `retryMaxMs`. Default 100 ms. */
  readonly retryMinMs?: number;
  /** Longest wait between retries. Default 2 s. */
  readonly retryMaxMs?: number;
  /** Drops are logged at most this often (with their count since). Default 10 s. */
  readonly dropLogEveryMs?: number;
}

/** The queue's defaults. */
export const queueDefaults = {
  capacity: 10_000,
  batchSize: 200,
  flushDelayMs: 200,
  retryMinMs: 100,
  retryMaxMs: 2000,
  dropLogEveryMs: 10_000,
} as const satisfies Required<QueueOptions>;

/** How the store is doing, for /healthz and the logs. */
export interface StoreHealth {
  /** `ok`; `opening` before the first successful open; `degraded` while writes or the open fail. */
  readonly state: 'ok' | 'opening' | 'degraded';
  readonly engine: StoreLocation['engine'];
  /** Records waiting to be written. */
  readonly queued: number;
  /** Records written since start. */
  readonly written: number;
  /** Records dropped since start because the queue was full. */
  readonly dropped: number;
  /** Records the store refused (malformed), since start. */
  readonly rejected: number;
}

/**
 * True when the store refused a record for what it holds (a constraint, a value of the wrong
 * kind), not because the store itself failed: SQLite's constraint and mismatch codes,
 * PostgreSQL's classes 22 (data) and 23 (integrity). Anything else is the store failing.
 */
export function isRecordError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/.test(code) || /^2[23][0-9A-Z]{3}$/.test(code);
}

/** What opens the store; a test can hand in its own. */
export type StoreOpener = () => Promise<Store>;

/** The store as the running app uses it: a queue for writes, and the open store for reads. */
export class StoreService {
  private store: Store | null = null;
  private opening: Promise<Store | null> | null = null;
  private readonly queue: StoreRecord[] = [];
  /** Counts of shown statements still queued and open to more, by server and day. */
  private readonly openViews = new Map<string, ViewsRecord>();
  private state: StoreHealth['state'] = 'opening';
  private written = 0;
  private dropped = 0;
  private rejected = 0;
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private retryMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private closed = false;
  private readonly options: Required<QueueOptions>;

  constructor(
    readonly location: StoreLocation,
    private readonly open: StoreOpener,
    private readonly log: Logger,
    options: QueueOptions = {},
  ) {
    this.options = { ...queueDefaults, ...options };
    this.retryMs = this.options.retryMinMs;
  }

  /** A service over `location`, opened with the member-key secret when one is configured. */
  static at(location: StoreLocation, log: Logger, options: QueueOptions & { secret?: string | null } = {}) {
    return new StoreService(
      location,
      () => Store.open(location, { secret: options.secret ?? null, log }),
      log,
      options,
    );
  }

  /** Starts opening the store in the background. */
  start(): void {
    this.schedule(0);
  }

  /** Queues a record; never waits and never throws. */
  record(record: StoreRecord): void {
    if (this.closed) return;
    if (record.kind === 'shown') {
      // Counted into the server's and day's counts while they wait, rather than queued one by one.
      const day = dayOf(record.at);
      const open = this.openViews.get(`${record.guildId ?? ''}\n${day}`);
      if (open) {
        for (const id of new Set(record.statementIds)) open.counts.set(id, (open.counts.get(id) ?? 0) + 1);
        return;
      }
      const counts = new Map([...new Set(record.statementIds)].map((id) => [id, 1]));
      this.record({ kind: 'views', guildId: record.guildId, day, counts });
      return;
    }
    if (record.kind === 'forget') {
      // Counts queued before this belong to what is forgotten; later ones start afresh.
      for (const [key, open] of this.openViews)
        if (open.guildId === record.guildId) this.openViews.delete(key);
    }
    // A request to forget a server is always kept: it is rare, small, and owed to the server.
    if (this.queue.length >= this.options.capacity && record.kind !== 'forget') {
      this.dropped++;
      this.droppedSinceLog++;
      const now = Date.now();
      if (now - this.lastDropLog >= this.options.dropLogEveryMs) {
        this.log.warn(
          {
            dropped: this.droppedSinceLog,
            droppedTotal: this.dropped,
            queued: this.queue.length,
            kind: record.kind,
          },
          'store queue full; records dropped',
        );
        this.lastDropLog = now;
        this.droppedSinceLog = 0;
      }
      return;
    }
    this.queue.push(record);
    if (record.kind === 'views') this.openViews.set(`${record.guildId ?? ''}\n${record.day}`, record);
    if (this.running) return;
    if (this.state === 'degraded') {
      if (this.timer === null) this.schedule(this.retryMs);
    } else if (this.queue.length >= this.options.batchSize) {
      this.reschedule(0);
    } else if (this.timer === null) {
      this.schedule(this.options.flushDelayMs);
    }
  }

  /** How the store is doing. */
  health(): StoreHealth {
    return {
      state: this.state,
      engine: this.location.engine,
      queued: this.queue.length,
      written: this.written,
      dropped: this.dropped,
      rejected: this.rejected,
    };
  }

  /** The open store, or null while it is opening or failing (reads then do without it). */
  current(): Store | null {
    return this.state === 'ok' ? this.store : null;
  }

  /** Runs a read against the store; rejects when the store is not open or fails. */
  async read<T>(work: (store: Store) => Promise<T>): Promise<T> {
    const store = this.store ?? (await this.ensureOpen());
    if (!store) throw new Error('the store is not available');
    try {
      return await work(store);
    } catch (error) {
      this.degrade(error);
      throw error;
    }
  }

  /**
   * Writes what is queued now, without waiting for more, for up to `timeoutMs`; resolves when the
   * queue is empty or the store failed (what is left stays queued).
   */
  async flush(timeoutMs = 2000): Promise<void> {
    while (this.running) await new Promise((resolve) => setImmediate(resolve));
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const until = Date.now() + timeoutMs;
    this.running = true;
    try {
      if (!(await this.ensureOpen())) return;
      while (this.queue.length > 0 && Date.now() < until) {
        if (!(await this.writeBatch())) break;
      }
    } finally {
      this.running = false;
    }
    if (this.queue.length > 0) this.schedule(this.state === 'degraded' ? this.retryMs : 0);
  }

  /** Writes what is queued, for up to `timeoutMs`, then closes the store. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.state !== 'degraded') await this.flush(timeoutMs);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length > 0) {
      this.log.warn({ queued: this.queue.length }, 'store closed with records not written');
    }
    await this.store?.close().catch(() => {});
    this.store = null;
  }

  private reschedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(ms);
  }

  private schedule(ms: number): void {
    if (this.closed || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
    // Waiting to retry must not keep a finished process alive.
    this.timer.unref();
  }

  private async ensureOpen(): Promise<Store | null> {
    if (this.store) return this.store;
    this.opening ??= this.open().then(
      (store) => {
        this.store = store;
        this.log.info({ engine: this.location.engine, at: describeLocation(this.location) }, 'store open');
        this.recover();
        return store;
      },
      (error: unknown) => {
        this.degrade(error);
        return null;
      },
    );
    const store = await this.opening;
    this.opening = null;
    return store;
  }

  private async run(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      const store = await this.ensureOpen();
      if (!store) {
        this.backOff();
        return;
      }
      if (this.queue.length === 0) {
        this.recover();
        return;
      }
      while (this.queue.length > 0 && !this.closed) {
        if (!(await this.writeBatch())) {
          this.backOff();
          return;
        }
        // Let answers run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  /** Writes one batch; false when the store failed (the batch stays queued). */
  private async writeBatch(): Promise<boolean> {
    const store = this.store;
    if (!store) return false;
    const batch = this.queue.slice(0, this.options.batchSize);
    // Counts being written are closed to more: later ones go into new counts.
    for (const record of batch) {
      if (record.kind !== 'views') continue;
      const key = `${record.guildId ?? ''}\n${record.day}`;
      if (this.openViews.get(key) === record) this.openViews.delete(key);
    }
    try {
      await store.write(batch);
      this.queue.splice(0, batch.length);
      this.written += batch.length;
      this.recover();
      return true;
    } catch (error) {
      // The store is away or failing: keep the batch and try again later.
      if (!isRecordError(error)) {
        this.degrade(error);
        return false;
      }
      // Something in the batch cannot be stored: write the rest, one by one.
      for (const record of batch) {
        try {
          await store.write([record]);
          this.written++;
        } catch (single) {
          if (!isRecordError(single)) {
            this.degrade(single);
            return false;
          }
          this.rejected++;
          this.log.error({ err: single, kind: record.kind }, 'store refused a record; dropped');
        }
        this.queue.shift();
      }
      return true;
    }
  }

  private degrade(error: unknown): void {
    if (this.state !== 'degraded') {
      this.log.warn(
        { err: error, engine: this.location.engine, queued: this.queue.length },
        'store degraded: records wait in memory',
      );
    }
    this.state = 'degraded';
  }

  private recover(): void {
    this.retryMs = this.options.retryMinMs;
    if (this.state === 'degraded') {
      this.log.info(
        { written: this.written, dropped: this.dropped, queued: this.queue.length },
        'store recovered',
      );
    }
    this.state = 'ok';
  }

  private backOff(): void {
    const wait = this.retryMs;
    this.retryMs = Math.min(this.options.retryMaxMs, this.retryMs * 2);
    this.schedule(wait);
  }
}
