/** Pieces every command definition shares. */
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
} from 'discord-api-types/v10';

/** Longest query a search option takes. Longer ones still page: the buttons carry results instead. */
export const QUERY_MAX_LENGTH = 200;

/** Installable to a server or to a member's account. */
export const installs: ApplicationIntegrationType[] = [
  ApplicationIntegrationType.GuildInstall,
  ApplicationIntegrationType.UserInstall,
];

/** Usable in servers, in the bot's DM, and in other DMs and group DMs. */
export const everywhere: InteractionContextType[] = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
];

/** The option that makes an answer public. */
export const publicOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'public',
  description: 'Post the answer in the channel for everyone (otherwise only you see it)',
} as const;

/** A free-text search option with autocomplete. */
export function searchOption<const N extends string, const R extends boolean = false>(
  name: N,
  description: string,
  required?: R,
) {
  return {
    type: ApplicationCommandOptionType.String,
    name,
    description,
    max_length: QUERY_MAX_LENGTH,
    autocomplete: true,
    ...((required ? { required: true } : {}) as R extends true ? { readonly required: true } : object),
  } as const;
}
