/** The REST calls the bot makes beyond answering: pinning, through @discordjs/rest. */
import type { REST } from '@discordjs/rest';
import { RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type { DiscordActions, PinOutcome } from './router.js';

/**
 * Discord's JSON error code of a failed REST call, or null. Read from the error's fields, not
 * by `instanceof`: discord.js loads @discordjs/rest as CommonJS while this module imports it
 * as ESM, and the two copies' error classes differ.
 */
export function discordErrorCode(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('rawError' in error)) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

/** Discord actions over a REST client that carries the bot token. */
export function restActions(
  rest: Pick<REST, 'put'>,
  options: { readonly canPin?: boolean } = {},
): DiscordActions {
  return {
    canPin: options.canPin ?? true,
    async pin(channelId, messageId): Promise<PinOutcome> {
      try {
        await rest.put(Routes.channelMessagesPin(channelId, messageId));
        return 'pinned';
      } catch (error) {
        switch (discordErrorCode(error)) {
          case RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel:
            return 'full';
          case RESTJSONErrorCodes.UnknownMessage:
            return 'unknown-message';
          case RESTJSONErrorCodes.MissingPermissions:
          case RESTJSONErrorCodes.MissingAccess:
            return 'forbidden';
          default:
            throw error;
        }
      }
    },
  };
}
