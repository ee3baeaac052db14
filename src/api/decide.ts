import type { ClusterState } from '../state/clusterState.js'
import type { Command } from './commands.js'
import type { Decision, WriteContext } from './context.js'
import { decideCreate } from './create.js'
import { decideDelete } from './delete.js'
import { decideBind, decidePatch, decideUpdate, decideUpdateStatus } from './update.js'

/**
 * The one door for writes (DESIGN.md rule 5): `decide(state, command) → events | Status`. Pure; the
 * events it returns are numbered from `state.seq + 1` and stamped with the context's actor, cause and
 * virtual time. A refusal appends nothing.
 */
export const decide = (s: ClusterState, c: Command, ctx: WriteContext): Decision => {
  switch (c.verb) {
    case 'create':
      return decideCreate(s, c.object, ctx, c.dryRun === true)
    case 'update':
      return decideUpdate(s, c.object, ctx, c.dryRun === true)
    case 'updateStatus':
      return decideUpdateStatus(s, c.object, ctx)
    case 'patch':
      return decidePatch(s, c.ref, c.patch, ctx, c.dryRun === true)
    case 'delete':
      return decideDelete(s, c.ref, c.options, ctx, c.dryRun === true)
    case 'bind':
      return decideBind(s, c.ref, c.nodeName, ctx)
  }
}
