/**
 * Reading a question before it is searched: the conversational filler around it ("is it true",
 * "whats the deal with", "lol") is dropped, and its question words say what kind of answer it
 * wants ("when" a dated event, "who" a speaker, "how much" a figure, "is it true" the claim with
 * both sides). Pure, and English only: every phrase is data, in {@link defaultReading}; nothing
 * here knows what a pack is about.
 */
import { type Token, tokenize } from './analyze.js';

/**
 * What a question asks for, beyond its words: a date, a person, a figure, whether a claim is
 * true, or how things stand now (which a record up to a date cannot say by itself).
 */
export type Intent = 'when' | 'who' | 'whom' | 'said' | 'amount' | 'status' | 'now' | 'howto';

/** Where a question word counts: only as the question's first words, or anywhere in it. */
export interface Cues {
  readonly start: readonly string[];
  readonly anywhere: readonly string[];
  /** The words say what kind of answer is wanted and are searched as well ("denied"). */
  readonly searched?: boolean;
}

/** How questions are read. Phrases are matched word for word, as the pack's words are folded. */
export interface QuestionReading {
  /** How something is asked, never what: dropped wherever it stands. */
  readonly filler: readonly string[];
  /** Question words by the kind of answer they ask for. They are dropped when other words remain. */
  readonly cues: { readonly [I in Intent]: Cues };
  /**
   * Words a general stop list drops that still say what is asked of whatever a question names
   * ("when did musk buy twitter", "is she still at meta"). They are never searched, but a
   * question's predicate they are: a question that names something and asks only this of it
   * is not answered by the name alone.
   */
  readonly deeds: readonly string[];
  /**
   * Words passed over when an alias or a phrasing is matched, so that "kill its own shows" meets
   * "kill shows" and "the streamer" meets "streamer".
   */
  readonly glue: readonly string[];
}

/** English conversational filler, question words and glue. */
export const defaultReading = {
  filler: [
    // Asking whether something is so is a question word (status); these only frame it.
    'whats the deal with',
    'what is the deal with',
    'whats up with',
    'what is up with',
    'whats going on with',
    'what is going on with',
    'what was going on with',
    'whats the story with',
    'what is the story with',
    'whats the story',
    'what happened with',
    'tldr',
    'tl dr',
    'tl;dr',
    'too long didnt read',
    'the short version',
    'short version',
    'in short',
    'quick summary',
    'summary of',
    'sum up',
    'summarize',
    'summarise',
    'recap',
    'catch me up on',
    'catch me up',
    'the rundown on',
    'rundown',
    'what the heck',
    'the heck',
    'what the hell',
    'the hell',
    'heck',
    'damn',
    'dang',
    'freaking',
    'frickin',
    'genuine question',
    'honest question',
    'serious question',
    'quick question',
    'dumb question',
    'stupid question',
    'random question',
    'real question',
    'can you explain',
    'explain to me',
    'explain',
    'like im 5',
    'like i am 5',
    'eli5',
    'can you tell me',
    'tell me about',
    'tell me',
    'i heard',
    'i read',
    'i saw',
    'someone said',
    'someone told me',
    'people are saying',
    'ppl saying',
    'people saying',
    'keep talking about',
    'keeps talking about',
    'keep posting about',
    'keeps posting about',
    'keep hearing about',
    'everyone is talking about',
    'everyones talking about',
    'or what',
    'or nah',
    'or not',
    'or smth',
    'or something',
    'and stuff',
    'in all this',
    'in this whole thing',
    'the whole thing',
    'this whole thing',
    'all this',
    'even',
    'actually',
    'apparently',
    'supposedly',
    'basically',
    'literally',
    'honestly',
    'seriously',
    'personally',
    'exactly',
    'really',
    'again',
    'wait',
    'hold on',
    'hold up',
    'hang on',
    'so',
    'ok',
    'okay',
    'hey',
    'yo',
    'bro',
    'dude',
    'guy',
    'guys',
    'lol',
    'lmao',
    'lmfao',
    'omg',
    'wtf',
    'smh',
    'tbh',
    'ngl',
    'imo',
    'imho',
    'idk',
    'btw',
    'fr',
    'tho',
    'pls',
    'plz',
    'thx',
    'thanks',
    'smth',
    'sth',
    'wat',
    'wut',
    'wot',
    'abt',
    'bout',
    'bc',
    'cuz',
    'coz',
    'u',
    'r',
    'nah',
    'yeah',
    'yep',
    'ya',
    'yall',
    "y'all",
    'gonna',
    'wanna',
    'gotta',
    'tryna',
    'dunno',
    'lemme',
    'lowkey',
    'highkey',
    'bruh',
    'yea',
    'nvm',
    'rly',
    'tbf',
    'irl',
    'fyi',
    'istg',
    'deadass',
    'iirc',
    'afaik',
    'ikr',
    'hmm',
    'um',
    'uh',
    'wow',
    'yikes',
    'oof',
    'sus',
    'shady',
    'sketchy',
    'fishy',
    'kinda',
    'sorta',
    'thing',
    'things',
    'stuff',
    'deal',
    'drama',
    'saga',
    'situation',
    'mess',
    'scandal',
    'controversy',
    'story',
    // Every answer is a sourced quote: asking for one names no subject.
    'headline',
    'headlines',
    'source for',
    'sources for',
    'link to',
    'a link',
    'quote',
    'quotes',
    // Why something matters, not what it is.
    'relevant',
    'important',
    'involved',
    'matter',
    'matters',
    // Where in a month or year: the timeline reads the month or year itself.
    'early',
    'late',
    'mid',
  ],
  cues: {
    when: {
      start: [
        'when',
        'since when',
        'how long ago',
        'how old',
        'timeline',
        'timeline of',
        'date of',
        'what date',
      ],
      anywhere: [
        'when did',
        'when was',
        'when were',
        'when is',
        'when exactly',
        'how long ago',
        'how long',
        'how old',
        'what year',
        'which year',
        'what date',
        'what day',
        'what month',
        'started when',
        'since when',
        'timeline',
      ],
    },
    who: {
      start: ['who', 'whos', 'whose', 'which person', 'which people'],
      anywhere: [
        'who is',
        'who was',
        'who are',
        'who were',
        'who said',
        'who wrote',
        'who ran',
        'who runs',
        'who was running',
        'who is running',
        'who was in charge of',
        'who is in charge of',
        'who led',
        'who headed',
        'who was head of',
        'who was the head of',
      ],
    },
    // What a party said: its own words over others' words about it ("what did meta say").
    said: {
      start: [],
      anywhere: [
        'say',
        'says',
        'said',
        'saying',
        'deny',
        'denies',
        'denied',
        'respond',
        'responded',
        'response',
        'reply',
        'replied',
        'comment',
        'commented',
        'statement',
        'admit',
        'admitted',
        'post',
        'posted',
        'tweet',
        'tweeted',
        'wrote',
        'according to',
        'side of the story',
        'their side',
      ],
      searched: true,
    },
    // Someone the question's own subject met, wrote to or paid: the person asked for is not the
    // one it names ("who did hastings meet with").
    whom: {
      start: ['whom'],
      anywhere: ['who did', 'who does', 'who do', 'who has', 'who had', 'who will', 'who would', 'who else'],
    },
    amount: {
      start: [],
      anywhere: ['how much', 'how many', 'what amount', 'how big', 'how large', 'what figure', 'what sum'],
    },
    status: {
      start: [],
      anywhere: [
        'is it true',
        'is that true',
        'is this true',
        'was it true',
        'true or false',
        'is it real',
        'is this real',
        'real or fake',
        'fake news',
        'is it legit',
        'is this legit',
        'legit or not',
        'fact check',
        'any proof',
        'is there proof',
        'proof',
        'proven',
        'evidence',
        'debunked',
        'hoax',
        'allegation',
        'allegations',
        'allegedly',
      ],
    },
    now: {
      start: [],
      anywhere: [
        'right now',
        'rn',
        'today',
        'tonight',
        'currently',
        'nowadays',
        'these days',
        'at the moment',
        'atm',
        'anymore',
        'now that',
        'this week',
        'this weekend',
        'is it just me',
        'just me',
      ],
    },
    // What to do, which a record of what was said cannot tell either.
    howto: {
      start: ['how to'],
      anywhere: ['how do i', 'how can i', 'how should i', 'how do you', 'how can you', 'how would i'],
    },
  },
  deeds: ['buy', 'buys', 'still'],
  glue: [
    'a',
    'an',
    'the',
    'its',
    'it',
    'their',
    'his',
    'her',
    'my',
    'our',
    'your',
    'ur',
    'own',
    'this',
    'that',
    'these',
    'those',
    'of',
    'to',
    'for',
    'on',
    'in',
    'at',
    'by',
    'with',
    'w',
    'from',
    'and',
    'or',
    'is',
    'was',
    'are',
    'were',
    'be',
    'been',
    'do',
    'did',
    'does',
    'has',
    'have',
    'had',
  ],
} as const satisfies QuestionReading;

/** A question as read: the words left to search for, and what kind of answer it asks for. */
export interface ReadQuestion {
  /** The tokens to search for, in order: the question less its filler and question words. */
  readonly tokens: readonly Token[];
  readonly intents: ReadonlySet<Intent>;
}

interface Cue {
  readonly words: readonly string[];
  readonly intent: Intent;
}

/** Phrases as sequences of folded words by their first word, longest first, built once per reading. */
interface Compiled {
  readonly filler: ReadonlyMap<string, readonly (readonly string[])[]>;
  readonly start: ReadonlyMap<string, readonly Cue[]>;
  readonly anywhere: ReadonlyMap<string, readonly Cue[]>;
  readonly glue: ReadonlySet<string>;
  readonly deeds: ReadonlySet<string>;
}

const compiledReadings = new WeakMap<QuestionReading, Compiled>();

function words(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.word);
}

function byLength<T extends { readonly length: number }>(a: T, b: T): number {
  return b.length - a.length;
}

/** Groups phrases by their first word, each group longest first. */
function byFirstWord<T>(items: readonly T[], wordsOf: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => byLength(wordsOf(a), wordsOf(b)))) {
    const first = wordsOf(item)[0];
    if (first === undefined) continue;
    groups.set(first, [...(groups.get(first) ?? []), item]);
  }
  return groups;
}

function compile(reading: QuestionReading): Compiled {
  const known = compiledReadings.get(reading);
  if (known) return known;
  const cues = (where: 'start' | 'anywhere') =>
    byFirstWord(
      (Object.entries(reading.cues) as [Intent, Cues][]).flatMap(([intent, cues]) =>
        cues[where].map((phrase): Cue => ({ words: words(phrase), intent })),
      ),
      (cue) => cue.words,
    );
  const compiled: Compiled = {
    filler: byFirstWord(reading.filler.map(words), (phrase) => phrase),
    start: cues('start'),
    anywhere: cues('anywhere'),
    glue: new Set(reading.glue.flatMap(words)),
    deeds: new Set(reading.deeds),
  };
  compiledReadings.set(reading, compiled);
  return compiled;
}

function matchesAt(tokens: readonly Token[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > tokens.length) return false;
  for (let k = 0; k < phrase.length; k++) if ((tokens[at + k] as Token).word !== phrase[k]) return false;
  return true;
}

/** The first (longest) of `phrases`, or of the cues' words, that `tokens` hold at `at`. */
function longestAt<T>(
  phrases: readonly T[] | undefined,
  tokens: readonly Token[],
  at: number,
  wordsOf: (phrase: T) => readonly string[],
): T | undefined {
  if (phrases === undefined) return undefined;
  for (const phrase of phrases) if (matchesAt(tokens, at, wordsOf(phrase))) return phrase;
  return undefined;
}

const ownWords = (phrase: readonly string[]) => phrase;
const cueWords = (cue: Cue) => cue.words;

/** The words a phrase-matcher passes over. */
export function glueWords(reading: QuestionReading = defaultReading): ReadonlySet<string> {
  return compile(reading).glue;
}

/** The deeds a question may ask of what it names (see {@link QuestionReading.deeds}). */
export function deedWords(reading: QuestionReading = defaultReading): ReadonlySet<string> {
  return compile(reading).deeds;
}

/** What the pack knows of a question's words, for reading it. */
export interface QuestionContext {
  /** True when something besides words answers it (a year or month), so question words can go. */
  readonly dated?: boolean;
  /** Whether a token would be searched at all (it is not a stop word). */
  readonly searchable: (token: Token) => boolean;
  /** True when the token at `at` is part of one of the pack's own phrases (an alias, a phrasing). */
  readonly inPhrase: (tokens: readonly Token[], at: number) => boolean;
}

/**
 * Reads a question's tokens: drops filler, finds question words. The pack's own phrases win
 * over filler ("deal" is filler, the "deal" of "api deal" is not). Question words are kept when
 * nothing searchable would be left without them.
 */
export function readQuestion(
  tokens: readonly Token[],
  context: QuestionContext,
  reading: QuestionReading = defaultReading,
): ReadQuestion {
  const { filler, start, anywhere, glue } = compile(reading);
  const role: ('word' | 'filler' | 'cue')[] = tokens.map(() => 'word');
  const intents = new Set<Intent>();

  // Filler first, the longest phrase at each place, unless it begins inside a phrase of the pack's.
  for (let i = 0; i < tokens.length; ) {
    const phrase = longestAt(filler.get((tokens[i] as Token).word), tokens, i, ownWords);
    if (!phrase || context.inPhrase(tokens, i)) {
      i += 1;
      continue;
    }
    for (let k = 0; k < phrase.length; k++) role[i + k] = 'filler';
    i += phrase.length;
  }

  // A question word inside one of the pack's phrases ("ran" of "who ran watch") says what kind of
  // answer is wanted and stays a word of the phrase.
  const markCue = (at: number, cue: Cue) => {
    intents.add(cue.intent);
    if (reading.cues[cue.intent].searched) return;
    for (let k = 0; k < cue.words.length; k++)
      if (role[at + k] === 'word' && (k === 0 || !context.inPhrase(tokens, at + k))) role[at + k] = 'cue';
  };
  // A question word that counts only at the start: the first words that are not filler or glue.
  // Those that count anywhere are read first, so the longer "who wrote" wins over "who".
  const first = role.findIndex((r, at) => r === 'word' && !glue.has((tokens[at] as Token).word));
  for (let i = 0; i < tokens.length; i++) {
    if (role[i] !== 'word') continue;
    const cue = longestAt(anywhere.get((tokens[i] as Token).word), tokens, i, cueWords);
    if (cue) markCue(i, cue);
  }
  if (first >= 0 && role[first] === 'word') {
    const cue = longestAt(start.get((tokens[first] as Token).word), tokens, first, cueWords);
    if (cue) markCue(first, cue);
  }

  // The tokens themselves when none is dropped: what the pack's phrases were found in stays valid.
  const words = role.every((r) => r === 'word') ? tokens : tokens.filter((_, at) => role[at] === 'word');
  const withCues = tokens.filter((_, at) => role[at] !== 'filler');
  const { searchable } = context;
  return {
    tokens: context.dated || words.some(searchable) || !withCues.some(searchable) ? words : withCues,
    intents,
  };
}
