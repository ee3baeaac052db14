import type { Command as Cmd } from 'commander'
import { FAULT_TYPES, type Fault, faultError } from '../../model/faults.js'
import { CliError, type GlobalOptions, withCluster } from '../open.js'

/** `reel fault TYPE TARGET`: an external fault, recorded in the log like any other input. */
export const registerFaultVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  program
    .command('fault')
    .description(`Inject a fault: ${FAULT_TYPES.join(', ')} (on a node, or on POD[/CONTAINER] for container-crash)`)
    .argument('<type>', FAULT_TYPES.join(' | '))
    .argument('<target>', 'NODE, or POD[/CONTAINER] for container-crash')
    .option('-n, --namespace <ns>', 'namespace of the pod (container-crash)', 'default')
    .action(async (type: string, target: string, o: { namespace: string }) => {
      const fault = { type, target: type === 'container-crash' ? `${o.namespace}/${target.replace(/^pods?\//, '')}` : target }
      const error = faultError(fault)
      if (error) throw new CliError(`error: ${error}`)
      await withCluster(globals(), (engine) => engine.submit({ type: 'fault', fault: fault as Fault, actor: 'fault' }))
      console.log(`fault ${type} injected on ${target}`)
    })
}
