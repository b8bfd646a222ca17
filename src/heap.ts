/**
 * V8 settings a gateway process gives itself before it reads the pack, for memory it would
 * otherwise hold for no use. Both were measured with the bot against the local Discord emulator
 * (README, Memory); neither changes what the bot answers.
 *
 * The young generation (the space new objects are made in) stays at the size it has. V8 doubles
 * it whenever much of what was made there lived, up to 16 MB a half on 64-bit machines, and once
 * grown it stays resident until the process has been idle a while. A start makes many objects
 * that live (every module, the pack, the search index), so a gateway process grew it to the full
 * 32 MB within its first second and kept 12 to 13 MB of it resident: more than the app's own
 * heap. An answer allocates about 100 kB, nearly all of it dead by the next collection, so a bot
 * has no use for a large one. V8 reads the growth factor each time it would grow the space, so a
 * factor of 1 set here holds it where it is (2 MB a half in the bot); `--max-semi-space-size` is read
 * only when the process starts and would have to be on every command line that starts the bot.
 *
 * WebAssembly is compiled by V8's baseline compiler only. Discord's REST client (undici) parses
 * HTTP with llhttp compiled to WebAssembly, and once its parser is warm V8 compiles it again with
 * its optimising compiler, on a helper thread, in about 30 MB of scratch memory that the C
 * allocator then keeps in part (from under 1 MB to 9 MB, as it falls). The bot parses a response
 * or two of a few hundred bytes for each answer, which baseline code does in microseconds.
 *
 * The HTTP mode, which serves under load and makes REST calls only to finish deferred answers,
 * keeps V8's defaults. `test/heap.test.ts` checks that this Node still has these flags.
 */
import { setFlagsFromString } from 'node:v8';

/** The flags, in the order they are set. */
export const gatewayV8Flags = [
  '--semi-space-growth-factor=1',
  '--no-wasm-dynamic-tiering',
  '--no-wasm-tier-up',
] as const;

/** Sets {@link gatewayV8Flags} for the rest of this process. */
export function tuneGatewayHeap(): void {
  for (const flag of gatewayV8Flags) setFlagsFromString(flag);
}
