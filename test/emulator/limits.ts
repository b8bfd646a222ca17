/**
 * Documented Discord limits that the OpenAPI schema does not check, or checks more loosely than the
 * documentation (where they differ, the documentation wins): message content 2000, the 6000-character
 * embed total, non-empty embed fields, action-row layout, custom_id uniqueness, autocomplete values
 * of at most 100 characters, command names and the 8000-character command size.
 */
import type { FieldProblem } from './discord-errors.js';

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The numbers the checks below enforce. */
export const Limits = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  componentsV2Total: 40,
  customId: 100,
  buttonLabel: 80,
  buttonUrl: 512,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commandChoices: 25,
  commandTotal: 8000,
  chatInputCommands: 100,
  userCommands: 15,
  messageCommands: 15,
} as const;

/** Message flag bits referred to by the checks. */
export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  ComponentsV2: 1 << 15,
} as const;

export const commandNamePattern = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const maxLength = (path: Path, limit: number): FieldProblem => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${limit} or fewer in length.`,
});
const badLength = (path: Path, min: number, max: number): FieldProblem => ({
  path,
  code: 'BASE_TYPE_BAD_LENGTH',
  message: `Must be between ${min} and ${max} in length.`,
});
const required = (path: Path): FieldProblem => ({
  path,
  code: 'BASE_TYPE_REQUIRED',
  message: 'This field is required',
});

/** Characters an embed counts toward the 6000 total (title, description, fields, footer, author). */
export function embedLength(embed: unknown): number {
  if (!isObj(embed)) return 0;
  let total = (str(embed.title)?.length ?? 0) + (str(embed.description)?.length ?? 0);
  for (const field of list(embed.fields)) {
    if (isObj(field)) total += (str(field.name)?.length ?? 0) + (str(field.value)?.length ?? 0);
  }
  if (isObj(embed.footer)) total += str(embed.footer.text)?.length ?? 0;
  if (isObj(embed.author)) total += str(embed.author.name)?.length ?? 0;
  return total;
}

function checkEmbed(embed: unknown, path: Path, out: FieldProblem[]): void {
  if (!isObj(embed)) return;
  const text = (value: unknown, at: Path, limit: number): void => {
    const s = str(value);
    if (s !== undefined && s.length > limit) out.push(maxLength(at, limit));
  };
  text(embed.title, [...path, 'title'], Limits.embedTitle);
  text(embed.description, [...path, 'description'], Limits.embedDescription);
  const fields = list(embed.fields);
  if (fields.length > Limits.embedFields) out.push(maxLength([...path, 'fields'], Limits.embedFields));
  fields.forEach((field, i) => {
    if (!isObj(field)) return;
    for (const [key, limit] of [
      ['name', Limits.embedFieldName],
      ['value', Limits.embedFieldValue],
    ] as const) {
      const value = str(field[key]);
      const at = [...path, 'fields', i, key];
      if (value === undefined || value.length === 0) out.push(required(at));
      else if (value.length > limit) out.push(maxLength(at, limit));
    }
  });
  if (isObj(embed.footer)) text(embed.footer.text, [...path, 'footer', 'text'], Limits.embedFooterText);
  if (isObj(embed.author)) text(embed.author.name, [...path, 'author', 'name'], Limits.embedAuthorName);
}

/** Every component object in a component tree, depth first, with its path. */
function* walkComponents(components: unknown, path: Path): Generator<[Obj, Path]> {
  for (const [i, component] of list(components).entries()) {
    if (!isObj(component)) continue;
    const at = [...path, i];
    yield [component, at];
    yield* walkComponents(component.components, [...at, 'components']);
    if (isObj(component.accessory)) yield [component.accessory, [...at, 'accessory']];
  }
}

function checkComponents(components: unknown, flags: number, path: Path, out: FieldProblem[]): void {
  const top = list(components);
  const all = [...walkComponents(components, path)];
  if (flags & MessageFlag.ComponentsV2) {
    if (all.length > Limits.componentsV2Total) out.push(maxLength(path, Limits.componentsV2Total));
  } else if (top.length > Limits.actionRows) {
    out.push(maxLength(path, Limits.actionRows));
  }
  top.forEach((row, i) => {
    if (!isObj(row) || row.type !== 1) return;
    const children = list(row.components);
    const selects = children.filter((c) => isObj(c) && c.type !== 2).length;
    if (children.length > Limits.buttonsPerRow || (selects > 0 && children.length > 1)) {
      out.push({
        path: [...path, i, 'components'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'The specified component exceeds the maximum width',
      });
    }
  });
  const seen = new Set<string>();
  for (const [component, at] of all) {
    const customId = str(component.custom_id);
    if (customId !== undefined) {
      if (customId.length < 1 || customId.length > Limits.customId)
        out.push(badLength([...at, 'custom_id'], 1, Limits.customId));
      if (seen.has(customId)) {
        out.push({
          path: [...at, 'custom_id'],
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      }
      seen.add(customId);
    }
    if (component.type !== 2) continue;
    const label = str(component.label);
    if (label !== undefined && label.length > Limits.buttonLabel)
      out.push(maxLength([...at, 'label'], Limits.buttonLabel));
    const url = str(component.url);
    if (url !== undefined && url.length > Limits.buttonUrl)
      out.push(maxLength([...at, 'url'], Limits.buttonUrl));
    if (component.style === 5 && url === undefined) out.push(required([...at, 'url']));
    if (
      typeof component.style === 'number' &&
      component.style >= 1 &&
      component.style <= 4 &&
      customId === undefined
    ) {
      out.push(required([...at, 'custom_id']));
    }
  }
}

/**
 * Checks a message body (create, follow-up, edit, or the `data` of an interaction response) against
 * the documented limits. Absent fields are not checked, so the same check serves edits.
 */
export function checkMessageLimits(message: unknown, path: Path = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(message)) return out;
  const content = str(message.content);
  if (content !== undefined && content.length > Limits.content)
    out.push(maxLength([...path, 'content'], Limits.content));
  const embeds = list(message.embeds);
  if (embeds.length > Limits.embeds) out.push(maxLength([...path, 'embeds'], Limits.embeds));
  embeds.forEach((embed, i) => {
    checkEmbed(embed, [...path, 'embeds', i], out);
  });
  const total = embeds.reduce<number>((sum, embed) => sum + embedLength(embed), 0);
  if (total > Limits.embedTotal) {
    out.push({
      path: [...path, 'embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${Limits.embedTotal}`,
    });
  }
  const flags = typeof message.flags === 'number' ? message.flags : 0;
  if (message.components !== undefined && message.components !== null) {
    checkComponents(message.components, flags, [...path, 'components'], out);
  }
  return out;
}

/** Checks autocomplete choices: at most 25, names 1–100 characters, string values at most 100. */
export function checkChoices(
  choices: unknown,
  path: Path,
  maxChoices: number = Limits.autocompleteChoices,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const items = list(choices);
  if (items.length > maxChoices) out.push(maxLength(path, maxChoices));
  items.forEach((choice, i) => {
    if (!isObj(choice)) return;
    const name = str(choice.name);
    if (name === undefined || name.length < 1 || name.length > Limits.choiceName) {
      out.push(badLength([...path, i, 'name'], 1, Limits.choiceName));
    }
    const value = str(choice.value);
    if (value !== undefined && value.length > Limits.choiceValue)
      out.push(maxLength([...path, i, 'value'], Limits.choiceValue));
  });
  return out;
}

/** The problems with an interaction callback body beyond its schema, by callback type. */
export function checkCallbackLimits(body: unknown): FieldProblem[] {
  if (!isObj(body)) return [];
  const data = body.data;
  switch (body.type) {
    case 4:
    case 7:
      return checkMessageLimits(data, ['data']);
    case 8:
      return isObj(data) ? checkChoices(data.choices, ['data', 'choices']) : [];
    case 5:
    case 6: {
      const flags = isObj(data) && typeof data.flags === 'number' ? data.flags : 0;
      const allowed = body.type === 5 ? MessageFlag.Ephemeral : 0;
      return flags & ~allowed
        ? [
            {
              path: ['data', 'flags'],
              code: 'INTERACTION_RESPONSE_FLAGS_INVALID',
              message:
                body.type === 5
                  ? 'Only the EPHEMERAL flag (64) may be set on a deferred response'
                  : 'No flags may be set on a deferred update',
            },
          ]
        : [];
    }
    default:
      return [];
  }
}

function isLowercase(name: string): boolean {
  return name === name.toLocaleLowerCase();
}

/** Characters a command counts toward the 8000 total: names, descriptions, choice names and values. */
export function commandSize(command: unknown): number {
  if (!isObj(command)) return 0;
  let total = (str(command.name)?.length ?? 0) + (str(command.description)?.length ?? 0);
  for (const option of list(command.options)) total += commandSize(option);
  for (const choice of list(command.choices)) {
    if (isObj(choice)) total += (str(choice.name)?.length ?? 0) + String(choice.value ?? '').length;
  }
  return total;
}

function checkOptions(options: unknown, path: Path, out: FieldProblem[]): void {
  const items = list(options);
  if (items.length > Limits.commandOptions) out.push(maxLength(path, Limits.commandOptions));
  const names = new Set<string>();
  let sawOptional = false;
  items.forEach((option, i) => {
    if (!isObj(option)) return;
    const at = [...path, i];
    const name = str(option.name) ?? '';
    if (!commandNamePattern.test(name) || !isLowercase(name)) {
      out.push({
        path: [...at, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    }
    if (names.has(name)) {
      out.push({
        path: [...at, 'name'],
        code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
        message: `Option name ${name} is already used in these options`,
      });
    }
    names.add(name);
    const description = str(option.description) ?? '';
    if (description.length < 1 || description.length > Limits.commandDescription) {
      out.push(badLength([...at, 'description'], 1, Limits.commandDescription));
    }
    const isGroup = option.type === 1 || option.type === 2;
    if (!isGroup) {
      if (option.required === true && sawOptional) {
        out.push({
          path: [...at, 'required'],
          code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          message: 'Required options must be placed before non-required options',
        });
      }
      if (option.required !== true) sawOptional = true;
    }
    if (option.choices !== undefined && option.choices !== null) {
      out.push(...checkChoices(option.choices, [...at, 'choices'], Limits.commandChoices));
    }
    if (isGroup) checkOptions(option.options, [...at, 'options'], out);
  });
}

/** Checks one application command (create or one element of a bulk overwrite). */
export function checkCommandLimits(command: unknown, path: Path = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!isObj(command)) return out;
  const type = typeof command.type === 'number' ? command.type : 1;
  const name = str(command.name) ?? '';
  const description = str(command.description) ?? '';
  if (type === 1) {
    if (!commandNamePattern.test(name) || !isLowercase(name)) {
      out.push({
        path: [...path, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: 'Command name is invalid',
      });
    }
    if (description.length < 1 || description.length > Limits.commandDescription) {
      out.push(badLength([...path, 'description'], 1, Limits.commandDescription));
    }
    checkOptions(command.options, [...path, 'options'], out);
  } else {
    if (name.length < 1 || name.length > Limits.commandName)
      out.push(badLength([...path, 'name'], 1, Limits.commandName));
    if (description.length > 0) out.push(maxLength([...path, 'description'], 0));
  }
  if (commandSize(command) > Limits.commandTotal) {
    out.push({
      path,
      code: 'APPLICATION_COMMAND_TOO_LARGE',
      message: `Command exceeds maximum size (${Limits.commandTotal})`,
    });
  }
  return out;
}

/** Checks a bulk overwrite: each command, and names unique per command type. */
export function checkCommandListLimits(commands: unknown): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  list(commands).forEach((command, i) => {
    out.push(...checkCommandLimits(command, [i]));
    if (!isObj(command)) return;
    const key = `${typeof command.type === 'number' ? command.type : 1}:${str(command.name) ?? ''}`;
    if (seen.has(key)) {
      out.push({
        path: [i, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    }
    seen.add(key);
  });
  return out;
}
