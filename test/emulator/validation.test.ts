import { afterEach, describe, expect, it } from 'vitest';
import { formErrorTree } from './discord-errors.js';
import { startEmulator } from './index.js';
import { checkCallbackLimits, checkCommandListLimits, checkMessageLimits, commandSize } from './limits.js';
import { OperationIndex } from './spec.js';
import { SpecValidator } from './validate.js';

const validator = new SpecValidator();
const callback = (body: unknown) =>
  validator.validateRequestBody('POST', '/interactions/{interaction_id}/{interaction_token}/callback', body);
const codes = (problems: { path: readonly (string | number)[]; code: string }[]) =>
  problems.map((p) => `${p.path.join('.')} ${p.code}`);

const button = (customId: string) => ({ type: 2, style: 1, label: 'Go', custom_id: customId });
const row = (...components: unknown[]) => ({ type: 1, components });

describe("validation against Discord's schemas", () => {
  it('GIVEN a valid reply THEN there is no problem', () => {
    expect(
      callback({
        type: 4,
        data: { content: 'hi', embeds: [{ title: 't' }], components: [row(button('a'))] },
      }),
    ).toEqual([]);
  });

  it('GIVEN an unknown component type THEN only that field is reported, not every union branch', () => {
    expect(codes(callback({ type: 4, data: { components: [row({ type: 99, style: 1 })] } }))).toEqual([
      'data.components.0.components.0.type BASE_TYPE_CHOICES',
    ]);
  });

  it('GIVEN an unknown callback type THEN the allowed types are listed', () => {
    expect(callback({ type: 3 })).toEqual([
      {
        path: ['type'],
        code: 'BASE_TYPE_CHOICES',
        message: 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 12, 13}.',
      },
    ]);
  });

  it('GIVEN a field Discord does not know, or a misspelt one THEN it is refused as unknown', () => {
    expect(callback({ type: 4, data: { content: 'hi', allowed_mention: { parse: [] } } })).toEqual([
      { path: ['data', 'allowed_mention'], code: 'BASE_TYPE_INVALID', message: 'Unknown field.' },
    ]);
    expect(codes(callback({ type: 4, data: { embeds: [{ title: 't', colour: 1 }] } }))).toEqual([
      'data.embeds.0.colour BASE_TYPE_INVALID',
    ]);
  });

  it('GIVEN the message fields discord.js sends with every body (tts, enforce_nonce) THEN they are accepted', () => {
    expect(callback({ type: 4, data: { content: 'hi', tts: false, enforce_nonce: false } })).toEqual([]);
    expect(
      validator.validateRequestBody('PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', {
        content: 'hi',
        tts: false,
        enforce_nonce: false,
      }),
    ).toEqual([]);
  });

  it('GIVEN a string where the spec wants an integer THEN it is refused, except for documented string bit sets', () => {
    const put = (body: unknown) =>
      validator.validateRequestBody('PUT', '/applications/{application_id}/commands', body);
    expect(put([{ name: 'ask', description: 'Ask', default_member_permissions: '8' }])).toEqual([]);
    expect(codes(put([{ name: 'ask', description: 'Ask', dm_permission: 'yes' }]))).toEqual([
      '0.dm_permission BOOLEAN_TYPE_COERCE',
    ]);
  });
});

describe("Discord's routes", () => {
  const index = new OperationIndex();

  it('GIVEN a route the emulator implements THEN its operation, parameters and token rule', () => {
    expect(index.match('POST', '/interactions/123/tok/callback')).toMatchObject({
      template: '/interactions/{interaction_id}/{interaction_token}/callback',
      params: { interaction_id: '123', interaction_token: 'tok' },
      operation: { operationId: 'create_interaction_response', requiresBotToken: false },
    });
    expect(index.match('GET', '/channels/1/messages/pins')?.operation?.operationId).toBe('list_pins');
    expect(index.match('GET', '/channels/1/messages/2')?.operation?.operationId).toBe('get_message');
  });

  it('GIVEN a route Discord has and the emulator does not THEN the route without an operation; GIVEN none THEN null', () => {
    expect(index.match('GET', '/guilds/1/members/2')).toEqual({
      template: '/guilds/{guild_id}/members/{user_id}',
      params: { guild_id: '1', user_id: '2' },
      operation: null,
    });
    expect(index.match('GET', '/no/such/route')).toBeNull();
    expect(index.match('DELETE', '/gateway')).toBeNull();
  });

  it('GIVEN an emulated operation on a route Discord does not have THEN the table is refused', () => {
    const made = {
      operationId: 'made_up',
      method: 'GET',
      template: '/made/up',
      requiresBotToken: true,
      body: null,
    } as const;
    expect(() => new OperationIndex(undefined, [made])).toThrow('made_up: Discord has no route GET /made/up');
  });
});

describe('documented limits the schema does not check', () => {
  it('GIVEN 2001 characters of content THEN it is refused even where the spec allows 4000', () => {
    expect(codes(checkMessageLimits({ content: 'x'.repeat(2001) }))).toEqual([
      'content BASE_TYPE_MAX_LENGTH',
    ]);
    expect(checkMessageLimits({ content: 'x'.repeat(2000) })).toEqual([]);
  });

  it('GIVEN empty field names or values THEN they are required', () => {
    expect(
      codes(
        checkMessageLimits({
          embeds: [
            {
              fields: [
                { name: '', value: 'v' },
                { name: 'n', value: '' },
              ],
            },
          ],
        }),
      ),
    ).toEqual(['embeds.0.fields.0.name BASE_TYPE_REQUIRED', 'embeds.0.fields.1.value BASE_TYPE_REQUIRED']);
  });

  it('GIVEN components breaking the layout rules THEN each rule is reported', () => {
    const components = [
      row(button('a'), button('a')),
      row({ type: 3, custom_id: 's', options: [] }, button('b')),
      row({ type: 2, style: 5, label: 'link' }),
      row(button('c')),
      row(button('d')),
      row(button('e')),
    ];
    expect(codes(checkMessageLimits({ components }))).toEqual([
      'components BASE_TYPE_MAX_LENGTH',
      'components.1.components COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      'components.0.components.1.custom_id COMPONENT_CUSTOM_ID_DUPLICATED',
      'components.2.components.0.url BASE_TYPE_REQUIRED',
    ]);
  });

  it('GIVEN autocomplete choices over the limits THEN count and value length are refused', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({
      name: `c${i}`,
      value: i === 0 ? 'v'.repeat(101) : 'v',
    }));
    expect(codes(checkCallbackLimits({ type: 8, data: { choices } }))).toEqual([
      'data.choices BASE_TYPE_MAX_LENGTH',
      'data.choices.0.value BASE_TYPE_MAX_LENGTH',
    ]);
  });

  it('GIVEN a deferred response with a flag other than EPHEMERAL THEN it is refused', () => {
    expect(checkCallbackLimits({ type: 5, data: { flags: 64 } })).toEqual([]);
    expect(codes(checkCallbackLimits({ type: 5, data: { flags: 4 } }))).toEqual([
      'data.flags INTERACTION_RESPONSE_FLAGS_INVALID',
    ]);
  });

  it('GIVEN commands breaking naming, ordering, uniqueness and size rules THEN each is reported', () => {
    const long = 'd'.repeat(100);
    const options = Array.from({ length: 25 }, (_, i) => ({
      type: 3,
      name: `o${i}`,
      description: long,
      choices: Array.from({ length: 25 }, (_, j) => ({ name: `c${j}`, value: 'v'.repeat(10) })),
    }));
    const commands = [
      { name: 'Ask', description: 'capitals' },
      {
        name: 'find',
        description: 'order',
        options: [
          { type: 3, name: 'a', description: 'optional' },
          { type: 3, name: 'b', description: 'required', required: true },
        ],
      },
      { name: 'find', description: 'again' },
      { name: 'huge', description: long, options },
      { type: 3, name: 'Find receipts' },
    ];
    expect(commandSize(commands[3])).toBeGreaterThan(8000);
    expect(codes(checkCommandListLimits(commands))).toEqual([
      '0.name APPLICATION_COMMAND_INVALID_NAME',
      '1.options.1.required APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
      '2.name APPLICATION_COMMANDS_DUPLICATE_NAME',
      '3 APPLICATION_COMMAND_TOO_LARGE',
    ]);
  });

  it('GIVEN problems THEN they fold into Discord’s nested error object', () => {
    expect(
      formErrorTree([
        { path: ['data', 'embeds', 0, 'title'], code: 'A', message: 'a' },
        { path: ['data', 'embeds'], code: 'B', message: 'b' },
      ]),
    ).toEqual({
      data: {
        embeds: {
          _errors: [{ code: 'B', message: 'b' }],
          0: { title: { _errors: [{ code: 'A', message: 'a' }] } },
        },
      },
    });
  });
});

describe('refusals over HTTP', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  it('GIVEN a channel post over 2000 characters or empty THEN Discord answers 50035 or 50006', async () => {
    const emulator = await startEmulator();
    closers.push(() => emulator.close());
    const channelId = emulator.guilds[0]?.textChannelIds[0] ?? '';
    const post = (body: unknown) =>
      fetch(`${emulator.apiBase}/v10/channels/${channelId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bot ${emulator.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const long = await post({ content: 'x'.repeat(2001) });
    const empty = await post({ content: '' });
    const broken = await fetch(`${emulator.apiBase}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${emulator.token}`, 'content-type': 'application/json' },
      body: '{"content":',
    });

    expect([long.status, await long.json()]).toEqual([
      400,
      {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          content: {
            _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
          },
        },
      },
    ]);
    expect([empty.status, await empty.json()]).toEqual([
      400,
      { code: 50006, message: 'Cannot send an empty message' },
    ]);
    expect([broken.status, ((await broken.json()) as { code: number }).code]).toEqual([400, 50109]);
    expect(emulator.calls.map((c) => c.status)).toEqual([400, 400, 400]);
  });
});
