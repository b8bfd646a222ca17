/**
 * Corrections that reach posted answers. Whenever the pack being served changes (at start, or
 * by live reload), every recorded public answer or pin that shows a statement corrected or
 * withdrawn since it was posted is re-rendered from the new pack, with a "Corrected <date>: …"
 * line, and edited in place where Discord allows: through the interaction's token while it
 * lasts (15 minutes), then as the bot's own message with the bot token. Where neither edit is
 * allowed, the bot replies to the message with the correction. One message at a time, at a
 * bounded pace; a post is claimed in the store while it is updated, so processes sharing the
 * store never update it twice, and what a restart interrupted is taken up again at start.
 */
import type { REST } from '@discordjs/rest';
import {
  type APIEmbed,
  type APIMessage,
  type RESTPatchAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageJSONBody,
  Routes,
} from 'discord-api-types/v10';
import { recordFirst } from '../answers/record-first.js';
import type { EventHit, Hit, QuoteHit, ResultsAnswer, SearchMode } from '../answers/types.js';
import { formatDate } from '../knowledge/dates.js';
import type { Correction, Pack } from '../knowledge/types.js';
import type { Logger } from '../log.js';
import type { StoreService } from '../store/queue.js';
import type { PostRow, Store } from '../store/store.js';
import { discordErrorCode } from './actions.js';
import { escapeText } from './markdown.js';
import { renderMessage } from './render.js';

/** Tuning of the updates; every value has a default. */
export const correctionDefaults = {
  /** At most one message updated per this many milliseconds, per process. */
  intervalMs: 500,
  /** How often the pack being served is compared with the last one seen. */
  checkMs: 1000,
  /** After an answer is posted, look up its message every `checkMs` for this long. */
  lookupForMs: 60_000,
  /** How often the posts are looked through again anyway (retries, a store that came back). */
  retryMs: 30_000,
  /** A process updating a post holds it this long at most. */
  holdMs: 60_000,
  /** Give up on a post after this many failed attempts. */
  maxAttempts: 5,
} as const;

/** The Discord calls updating a post takes. */
export interface CorrectionCalls {
  /** True when a bot token is configured (edits after the token expires, and replies, need it). */
  readonly botToken: boolean;
  /** Edits the interaction's original response with its token; gives the message. */
  editOriginal(
    applicationId: string,
    token: string,
    body: RESTPatchAPIChannelMessageJSONBody,
  ): Promise<APIMessage>;
  /** Fetches the interaction's original response with its token. */
  fetchOriginal(applicationId: string, token: string): Promise<APIMessage>;
  /** Edits one of the bot's messages with the bot token. */
  editMessage(channelId: string, messageId: string, body: RESTPatchAPIChannelMessageJSONBody): Promise<void>;
  /** Posts a message in a channel with the bot token. */
  send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<void>;
}

/** The calls over a REST client (auth off for the interaction-token routes). */
export function restCorrectionCalls(
  rest: Pick<REST, 'get' | 'patch' | 'post'>,
  botToken: boolean,
): CorrectionCalls {
  return {
    botToken,
    editOriginal: async (app, token, body) =>
      (await rest.patch(Routes.webhookMessage(app, token), { body, auth: false })) as APIMessage,
    fetchOriginal: async (app, token) =>
      (await rest.get(Routes.webhookMessage(app, token), { auth: false })) as APIMessage,
    editMessage: async (channelId, messageId, body) => {
      await rest.patch(Routes.channelMessage(channelId, messageId), { body });
    },
    send: async (channelId, body) => {
      await rest.post(Routes.channelMessages(channelId), { body });
    },
  };
}

/** Discord's answers that mean the message (or its channel) is gone. */
const GONE = new Set([10003, 10008]);

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

/** The name of the field (or the title of the embed) that carries a correction's line. */
const CORRECTION_TITLE = 'Correction';

/** The line a corrected answer carries. */
export function correctionLine(correction: Correction): string {
  const date = formatDate({ iso: correction.date, precision: 'day', qualifier: null, confirmed: true });
  return `${correction.withdrawn ? 'Withdrawn' : 'Corrected'} ${date}: ${correction.change}`;
}

/**
 * The post re-rendered from `pack`, with a line for each correction it did not show. The record
 * comes first here too: a statement the new pack marks as a copy of someone's words follows
 * their own words, brought in when the post did not show them.
 */
export function renderCorrected(
  post: Pick<PostRow, 'mode' | 'items'>,
  corrections: readonly Correction[],
  pack: Pack,
  canPin: boolean,
  publicUrl: string | null = null,
): { embeds: APIEmbed[]; components: NonNullable<RESTPatchAPIChannelMessageJSONBody['components']> } {
  const shown: Hit[] = post.items.flatMap((id): Hit[] => {
    if (post.mode === 'timeline') {
      const event = pack.byId.events.get(id);
      return event ? [{ type: 'event', event, marks: [] } satisfies EventHit] : [];
    }
    const statement = pack.byId.statements.get(id);
    return statement ? [{ type: 'statement', statement, marks: [] } satisfies QuoteHit] : [];
  });
  // All on one page, as the post was.
  const hits = recordFirst(shown, Number.MAX_SAFE_INTEGER);
  const lines = corrections.map((correction) => escapeText(correctionLine(correction)));
  const embeds: APIEmbed[] = [];
  let components: NonNullable<RESTPatchAPIChannelMessageJSONBody['components']> = [];
  if (hits.length > 0) {
    const answer: ResultsAnswer = {
      kind: 'results',
      mode: post.mode as SearchMode,
      query: '',
      hits,
      page: 0,
      pageSize: hits.length,
      notes: [],
    };
    // Room for the lines: a field each, or one embed of them all, whichever they become.
    const reserve = lines.reduce((sum, line) => sum + line.length + CORRECTION_TITLE.length + 1, 0);
    const data = renderMessage(answer, pack, {
      ephemeral: false,
      share: false,
      pin: canPin,
      reserve,
      publicUrl,
    });
    embeds.push(...(data.embeds ?? []));
    components = data.components ?? [];
  }
  const withdrawn: string[] = [];
  for (const [index, correction] of corrections.entries()) {
    const line = lines[index] as string;
    const at = hits.findIndex((hit) =>
      hit.type === 'statement'
        ? hit.statement.id === correction.statementId
        : hit.event.statements.some((statement) => statement.id === correction.statementId),
    );
    const embed = at >= 0 ? embeds[at] : undefined;
    if (embed && !correction.withdrawn) {
      embed.fields = [...(embed.fields ?? []), { name: CORRECTION_TITLE, value: line }];
    } else {
      withdrawn.push(line);
    }
  }
  if (withdrawn.length > 0)
    embeds.push({ color: 0x8a8f98, title: CORRECTION_TITLE, description: withdrawn.join('\n') });
  return { embeds: embeds.slice(0, 10), components };
}

/** What became of one post. */
type Outcome = 'edited' | 'replied' | 'gone' | 'retry' | 'failed';

/** Keeps posted answers up to date with the pack's corrections. */
export class CorrectionWorker {
  private lastPack: Pack | null = null;
  private lookUpUntil = 0;
  private lookingUp = false;
  private running: Promise<void> | null = null;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private readonly options: typeof correctionDefaults;

  constructor(
    private readonly deps: {
      readonly store: StoreService;
      readonly pack: () => Pack;
      readonly calls: CorrectionCalls;
      readonly log: Logger;
      /** Re-rendered answers offer Pin (the process can pin). */
      readonly canPin: boolean;
      /** Where the web record is published (PUBLIC_URL); re-rendered answers keep their links. */
      readonly publicUrl?: string | null;
      readonly now?: () => number;
      readonly options?: Partial<typeof correctionDefaults>;
    },
  ) {
    this.options = { ...correctionDefaults, ...deps.options };
  }

  /** Runs now, then whenever the pack changes, and every `retryMs`. */
  start(): void {
    const check = setInterval(() => {
      if (this.deps.pack() !== this.lastPack) this.trigger();
      else if (this.now() < this.lookUpUntil) void this.lookUp();
    }, this.options.checkMs);
    const retry = setInterval(() => this.trigger(), this.options.retryMs);
    check.unref();
    retry.unref();
    this.timers.push(check, retry);
    this.trigger();
  }

  /** Looks through the posts (again, once the current pass ends). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'corrections: pass failed; will retry'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }

  /**
   * An answer was just posted: its message is looked up (through its token) over the next
   * minute, so it can still be edited once the token has expired.
   */
  posted(): void {
    this.lookUpUntil = this.now() + this.options.lookupForMs;
  }

  private async lookUp(): Promise<void> {
    const store = this.deps.store.current();
    if (!store || this.lookingUp || this.running) return;
    this.lookingUp = true;
    try {
      await this.resolveMessages(store);
    } catch (error) {
      this.deps.log.debug({ err: error }, 'corrections: looking up posted messages failed');
    } finally {
      this.lookingUp = false;
    }
  }

  /** Stops, after the message being updated (if any). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.running;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async pass(): Promise<void> {
    const store = this.deps.store.current();
    if (!store) return;
    const pack = this.deps.pack();
    await this.resolveMessages(store);
    const byStatement = new Map<string, Correction[]>();
    for (const correction of pack.corrections) {
      byStatement.set(correction.statementId, [
        ...(byStatement.get(correction.statementId) ?? []),
        correction,
      ]);
    }
    const posts = await store.postsShowing([...byStatement.keys()]);
    let first = true;
    let updated = 0;
    for (const post of posts) {
      if (this.stopped) return;
      const missing = post.statementIds
        .flatMap((id) => byStatement.get(id) ?? [])
        .filter((correction) => !post.applied.has(correction.key));
      if (missing.length === 0) continue;
      if (!(await store.claimPost(post.postId, this.now(), this.options.holdMs))) continue;
      if (!first) await new Promise((resolve) => setTimeout(resolve, this.options.intervalMs));
      first = false;
      await this.update(store, post, missing, pack);
      updated++;
    }
    this.lastPack = pack;
    this.deps.log.debug(
      { version: pack.meta.version, posts: posts.length, updated },
      'corrections: pass done',
    );
  }

  /** Looks up the message of each public answer sent as an interaction response. */
  private async resolveMessages(store: Store): Promise<void> {
    for (const post of await store.unresolvedPosts(this.now())) {
      if (!post.token) continue;
      try {
        const message = await this.deps.calls.fetchOriginal(post.applicationId, post.token);
        await store.write([{ kind: 'message-id', postId: post.postId, messageId: message.id }]);
      } catch (error) {
        this.deps.log.debug({ err: error, post: post.postId }, 'corrections: message not found yet');
      }
    }
  }

  private async update(store: Store, post: PostRow, missing: Correction[], pack: Pack): Promise<void> {
    const keys = missing.map((correction) => correction.key);
    const where = {
      post: post.postId,
      channelId: post.channelId,
      messageId: post.messageId,
      corrections: keys,
    };
    let outcome: Outcome;
    try {
      outcome = await this.deliver(post, missing, pack);
    } catch (error) {
      this.deps.log.warn({ ...where, err: error }, 'corrections: update failed; will retry');
      outcome = 'retry';
    }
    if (outcome === 'retry' && post.attempts + 1 >= this.options.maxAttempts) outcome = 'failed';
    switch (outcome) {
      case 'edited':
      case 'replied':
      case 'failed':
        await store.finishPost(post.postId, keys, outcome, this.now());
        if (outcome === 'failed') this.deps.log.warn(where, 'corrections: could not update a posted answer');
        else this.deps.log.info({ ...where, how: outcome }, 'corrections: posted answer updated');
        return;
      case 'gone':
        await store.postGone(post.postId);
        this.deps.log.info(where, 'corrections: posted answer no longer exists');
        return;
      case 'retry':
        await store.releasePost(post.postId, this.now() + this.options.retryMs);
        return;
    }
  }

  private async deliver(post: PostRow, missing: Correction[], pack: Pack): Promise<Outcome> {
    const { calls } = this.deps;
    const { embeds, components } = renderCorrected(
      post,
      missing,
      pack,
      this.deps.canPin && calls.botToken,
      this.deps.publicUrl ?? null,
    );
    const edit: RESTPatchAPIChannelMessageJSONBody = { embeds, components, allowed_mentions: { parse: [] } };
    if (post.token && post.tokenExpiresAt > this.now()) {
      try {
        await calls.editOriginal(post.applicationId, post.token, edit);
        return 'edited';
      } catch (error) {
        const code = discordErrorCode(error);
        if (code !== null && GONE.has(code)) return 'gone';
        // An expired or refused token: go on with the bot's own token.
        this.deps.log.debug({ err: error, post: post.postId }, 'corrections: token edit refused');
      }
    }
    if (!post.messageId || !calls.botToken) return 'failed';
    try {
      await calls.editMessage(post.channelId, post.messageId, edit);
      return 'edited';
    } catch (error) {
      const code = discordErrorCode(error);
      if (code !== null && GONE.has(code)) return 'gone';
      const status = statusOf(error);
      if (status !== 403) return 'retry';
      this.deps.log.debug({ err: error, post: post.postId }, 'corrections: edit refused; replying');
    }
    try {
      await calls.send(post.channelId, {
        content: missing
          .map((correction) => escapeText(correctionLine(correction)))
          .join('\n')
          .slice(0, 2000),
        embeds,
        message_reference: { message_id: post.messageId, fail_if_not_exists: false },
        allowed_mentions: { parse: [], replied_user: false },
      });
      return 'replied';
    } catch (error) {
      const status = statusOf(error);
      return status === 403 || status === 404 ? 'failed' : 'retry';
    }
  }
}
