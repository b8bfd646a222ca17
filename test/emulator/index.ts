/**
 * A local Discord for end-to-end tests: REST v10 and the gateway, validated against Discord's
 * API schemas (from the discord-api-spec package) and documented limits. See README.md in this folder.
 */
export type { DiscordErrorBody, FieldProblem, FormErrorTree } from './discord-errors.js';
export { ErrorCode } from './discord-errors.js';
export { defaults, type EmulatedGuild, Emulator, type EmulatorOptions, startEmulator } from './emulator.js';
export { type EndpointReply, InteractionSigner, postSigned } from './endpoint.js';
export type { CallMatcher, FaultHandle, RequestSummary, RestFault } from './faults.js';
export type { DisconnectHow, GatewayFrame, GatewaySessionInfo } from './gateway.js';
export { commandSize, embedLength, Limits, MessageFlag } from './limits.js';
export {
  type AutocompleteValues,
  defaultInvokerId,
  type InteractionContext,
  InteractionPayloads,
  type OptionValues,
  userObject,
} from './payloads.js';
export type { RecordedCall } from './server.js';
export { guildIdOnShard, shardForGuild, snowflake } from './snowflakes.js';
export type { EmulatorClock, GuildSeed, InteractionState, UploadedFile } from './world.js';
export { defaultBotPermissions, defaultMemberPermissions } from './world.js';
