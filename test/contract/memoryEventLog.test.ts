import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { runEventLogContract } from './eventLog.contract.js'

// Nothing to reopen: the memory log lives and dies with its object, so no `reopen`.
runEventLogContract('memory', async () => ({ log: memoryEventLog(), cleanup: async () => {} }))
