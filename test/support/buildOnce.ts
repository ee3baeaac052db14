import { execFileSync } from 'node:child_process'

/** Compiles src/ to dist/ once per test run so end-to-end tests drive the real `reel` bin, never a stale build. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
}
