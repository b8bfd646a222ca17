/**
 * Discord voids an interaction not answered within 3 seconds. An answer that is not ready
 * in time is deferred (a "thinking…" placeholder, or an acknowledged click) and completed by
 * editing the original response when it is.
 */
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIInteractionResponseCallbackData,
  InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';

/** Defer when an answer takes longer than this; leaves time for the callback to travel. */
export const DEFER_AFTER_MS = 2000;

/** How a transport delivers an answer. */
export interface Delivery {
  /** Sends the interaction callback (once). */
  callback(body: APIInteractionResponse): Promise<void>;
  /** Edits the original response (after a deferral). */
  editOriginal(data: APIInteractionResponseCallbackData): Promise<void>;
}

/**
 * Delivers `work`'s answer: directly when it is ready within `deferAfterMs`, otherwise as a
 * deferral followed by an edit. Autocomplete cannot be deferred and is always sent as is.
 */
export async function deliverInTime(
  interaction: APIInteraction,
  work: Promise<APIInteractionResponse>,
  delivery: Delivery,
  options: {
    /** The placeholder to send if the answer is late (type 5 with the answer's privacy, or 6). */
    readonly deferral: APIInteractionResponse;
    readonly deferAfterMs?: number;
  },
): Promise<'direct' | 'deferred'> {
  const deferAfterMs = options.deferAfterMs ?? DEFER_AFTER_MS;
  let timer: NodeJS.Timeout | undefined;
  const late = Symbol('late');
  const first = await Promise.race([
    work,
    new Promise<typeof late>((resolve) => {
      timer = setTimeout(() => resolve(late), deferAfterMs);
    }),
  ]);
  clearTimeout(timer);
  if (first !== late || interaction.type === InteractionType.ApplicationCommandAutocomplete) {
    await delivery.callback(first === late ? await work : first);
    return 'direct';
  }
  await delivery.callback(options.deferral);
  const answer = await work;
  if (
    'data' in answer &&
    answer.data &&
    answer.type !== InteractionResponseType.ApplicationCommandAutocompleteResult
  ) {
    const { flags: _flags, ...data } = answer.data as APIInteractionResponseCallbackData;
    await delivery.editOriginal(data);
  }
  return 'deferred';
}
