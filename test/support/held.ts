/**
 * The app's commands, held: each answer starts as usual and then waits until the test lets it
 * go. Tests of what happens while answers are on their way (the deadline, shutdown) use them, so
 * an answer is in flight for as long as the test says, however fast or slow the machine is.
 */
import type { Command } from '../../src/discord/command.js';

export interface HeldCommands {
  readonly commands: readonly Command[];
  /** Answers started and waiting to be let go. */
  waiting(): number;
  /** Lets every waiting answer go on; later answers go straight through until {@link hold}. */
  release(): void;
  /** Holds the answers that start from now on (they are held from the start). */
  hold(): void;
}

export function holdCommands(commands: readonly Command[]): HeldCommands {
  let waiting = 0;
  let gate: Promise<void> | null = null;
  let open = () => {};
  const hold = () => {
    gate ??= new Promise<void>((resolve) => {
      open = resolve;
    });
  };
  hold();
  const held = commands.map(
    (command) =>
      ({
        ...command,
        async execute(...args: unknown[]) {
          if (gate) {
            waiting++;
            await gate;
            waiting--;
          }
          return (command.execute as (...a: unknown[]) => unknown)(...args);
        },
      }) as Command,
  );
  return {
    commands: held,
    waiting: () => waiting,
    release: () => {
      gate = null;
      open();
    },
    hold,
  };
}
