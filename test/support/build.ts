import { execFileSync } from 'node:child_process';

/** End-to-end tests start the bot the way users do, from dist/: build it once per run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
