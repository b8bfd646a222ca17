/**
 * What the member and the app may do where an interaction happened, read from the
 * interaction itself (no cache, no REST call): whether an answer can be posted publicly and
 * whether a message can be pinned.
 */
import {
  type APIInteraction,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord-api-types/v10';

function has(bits: string | undefined, flag: bigint): boolean {
  if (bits === undefined) return false;
  try {
    return (BigInt(bits) & flag) === flag;
  } catch {
    return false;
  }
}

/** True when the interaction comes from a server channel (not a DM or group DM). */
export function inGuild(interaction: APIInteraction): boolean {
  return interaction.guild_id !== undefined || interaction.context === InteractionContextType.Guild;
}

/** True when the app is installed to the server the interaction comes from, not only to the member. */
export function installedInGuild(interaction: APIInteraction): boolean {
  const owners = interaction.authorizing_integration_owners ?? {};
  return owners[ApplicationIntegrationType.GuildInstall] !== undefined;
}

/** Why an answer cannot be posted publicly here, or null when it can. */
export function whyNotPublic(interaction: APIInteraction): string | null {
  if (!inGuild(interaction)) return null;
  const perms = interaction.app_permissions;
  const missing: string[] = [];
  if (!has(perms, PermissionFlagsBits.SendMessages)) missing.push('Send Messages');
  if (!has(perms, PermissionFlagsBits.EmbedLinks)) missing.push('Embed Links');
  if (missing.length === 0) return null;
  if (!installedInGuild(interaction)) {
    return 'This server limits apps that members add for themselves, so Receipts can only answer you privately here. A moderator can add Receipts to the server to allow public answers.';
  }
  return `Receipts can't post in this channel: it is missing the ${missing.join(' and ')} permission${missing.length > 1 ? 's' : ''} here.`;
}

/** What stands in the way of pinning here, or null when both the member and the app may pin. */
export function whyNoPin(interaction: APIInteraction): string | null {
  if (!inGuild(interaction)) return 'Pins are for server channels; there is nothing to pin here.';
  if (!installedInGuild(interaction))
    return 'Pinning needs Receipts added to this server, not only to your account.';
  if (!has(interaction.member?.permissions, PermissionFlagsBits.PinMessages)) {
    return 'You need the Pin Messages permission in this channel to pin answers.';
  }
  if (!has(interaction.app_permissions, PermissionFlagsBits.PinMessages)) {
    return 'Receipts needs the Pin Messages permission in this channel to pin answers; a moderator can grant it.';
  }
  return null;
}
