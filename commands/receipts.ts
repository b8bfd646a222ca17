import {
  type APIInteractionResponse,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  InteractionResponseType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { ChatInputCommand, CommandContext } from '../src/discord/command.js';
import { renderNotice } from '../src/discord/render.js';
import { renderReport } from '../src/discord/report.js';

/** `/receipts report` and `/receipts forget`: for a server's moderators (Manage Server). */
const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'receipts',
  description: 'For moderators: what Receipts recorded in this server',
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild],
  default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'report',
      description: 'Unanswered questions, feedback and the most shown statements (only you see it)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'forget',
      description: 'Delete everything Receipts recorded in this server',
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** What moderators are told. */
export const receiptsMessages = {
  notHere: 'This is for servers that have added Receipts; there is nothing recorded here.',
  notAllowed: 'Only members with the Manage Server permission can see or delete what Receipts records.',
  off: 'This Receipts keeps no records (its store is turned off), so there is nothing to report or delete.',
  unavailable:
    'The report cannot be read right now: the store is not answering. Answers are not affected; try again in a minute.',
  forgotten:
    'Receipts is deleting everything it recorded in this server: questions, feedback, counts of what it showed, and its record of posted answers (which will no longer get corrections). It keeps recording from now on.',
} as const;

function privately(text: string): APIInteractionResponse {
  return { type: InteractionResponseType.ChannelMessageWithSource, data: renderNotice(text) };
}

function mayModerate(context: CommandContext): boolean {
  const bits = context.interaction.member?.permissions;
  if (bits === undefined) return false;
  try {
    return (BigInt(bits) & PermissionFlagsBits.ManageGuild) === PermissionFlagsBits.ManageGuild;
  } catch {
    return false;
  }
}

export default {
  data,
  async execute(context) {
    const guildId = context.interaction.guild_id;
    const options =
      context.interaction.data && 'options' in context.interaction.data
        ? context.interaction.data.options
        : [];
    const sub = (options as readonly { name: string }[] | undefined)?.[0]?.name;
    if (!guildId) return privately(receiptsMessages.notHere);
    // Discord hides the command from members without the permission; check it here too.
    if (!mayModerate(context)) return privately(receiptsMessages.notAllowed);
    if (!context.reports) return privately(receiptsMessages.off);
    if (sub === 'forget') {
      context.reports.forget(guildId);
      return privately(receiptsMessages.forgotten);
    }
    try {
      const report = await context.reports.report(guildId);
      return {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: renderReport(report, context.answers.pack),
      };
    } catch {
      return privately(receiptsMessages.unavailable);
    }
  },
} satisfies ChatInputCommand<typeof data>;
