/** The REST calls the bot makes beyond answering: pinning, through @discordjs/rest. */
import { DiscordAPIError, type REST } from '@discordjs/rest';
import { RESTJSONErrorCodes, Routes } from 'discord-api-types/v10';
import type { DiscordActions, PinOutcome } from './router.js';

/** Discord actions over a REST client that carries the bot token. */
export function restActions(rest: REST): DiscordActions {
  return {
    async pin(channelId, messageId): Promise<PinOutcome> {
      try {
        await rest.put(Routes.channelMessagesPin(channelId, messageId));
        return 'pinned';
      } catch (error) {
        if (!(error instanceof DiscordAPIError)) throw error;
        if (error.code === RESTJSONErrorCodes.MaximumNumberOfPinsReachedForTheChannel) return 'full';
        if (error.code === RESTJSONErrorCodes.UnknownMessage) return 'unknown-message';
        if (
          error.code === RESTJSONErrorCodes.MissingPermissions ||
          error.code === RESTJSONErrorCodes.MissingAccess
        ) {
          return 'forbidden';
        }
        throw error;
      }
    },
  };
}
