import { Command, CommanderError } from 'commander'
import { InvariantViolation } from '../kernel/invariant.js'
import { REEL_VERSION } from '../log/events.js'
import { registerEngineVerbs } from './commands/engine.js'
import { registerDnsVerbs } from './commands/dns.js'
import { registerFaultVerbs } from './commands/fault.js'
import { registerReadVerbs } from './commands/read.js'
import { registerReplayVerbs } from './commands/replay.js'
import { registerRolloutVerbs } from './commands/rollout.js'
import { registerScenarioVerbs } from './commands/scenario.js'
import { registerServeVerbs } from './commands/serve.js'
import { registerVolumeVerbs } from './commands/volume.js'
import { registerWriteVerbs } from './commands/write.js'
import { CliError, type GlobalOptions } from './open.js'

/** The `reel` program: kubectl-style cluster verbs plus the engine's verbs (log, why, replay, …). */
export const buildProgram = (argv: readonly string[]): Command => {
  const program = new Command('reel')
    .description('Reel: a Kubernetes control plane on an immutable event log — replay, time-travel, diff.')
    .version(REEL_VERSION)
    .option('--data <dir>', 'data directory (env REEL_DATA, default ./.reel)')
    .option('--seed <n>', 'seed for a new log (env REEL_SEED, default 1)')
    .option('--nodes <n>', 'node count for a new log (env REEL_NODES, default 3)')
    .option('--images <file>', 'image behaviours for a new log: YAML, image → pull/start/readiness/exit/… (env REEL_IMAGES)')
    .showHelpAfterError()
    .exitOverride()
  const globals = (): GlobalOptions => program.opts<GlobalOptions>()
  program.enablePositionalOptions(false)
  registerWriteVerbs(program, globals, () => argv)
  registerReadVerbs(program, globals)
  registerEngineVerbs(program, globals)
  registerReplayVerbs(program, globals)
  registerScenarioVerbs(program, globals)
  registerRolloutVerbs(program, globals, () => argv)
  registerFaultVerbs(program, globals)
  registerVolumeVerbs(program, globals)
  registerDnsVerbs(program, globals)
  registerServeVerbs(program, globals)
  const override = (c: Command): void => {
    c.exitOverride()
    c.commands.forEach(override)
  }
  program.commands.forEach(override)
  return program
}

/** Entry point: parses `process.argv`, turns refusals into one line on stderr and an exit code. */
export const main = async (processArgv: readonly string[]): Promise<void> => {
  const args = processArgv.slice(2)
  try {
    await buildProgram(args).parseAsync(processArgv as string[])
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode)
    if (err instanceof CliError) {
      if (err.message) (err.exitCode === 0 ? console.error : console.error)(err.message)
      process.exit(err.exitCode)
    }
    if (err instanceof InvariantViolation) {
      console.error(`reel: invariant violated: ${err.message}`)
      process.exit(70)
    }
    throw err
  }
}
