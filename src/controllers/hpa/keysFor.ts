import type { HorizontalPodAutoscaler } from '../../api/kinds/hpa.js'
import type { ObjectEvent } from '../../log/events.js'
import { LOAD_CONFIGMAP } from '../../model/load.js'
import { keyOf, nsNameOf } from '../../model/meta.js'
import { matches } from '../../model/selector.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'
import { getScale } from './scaleTarget.js'

const TARGET_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'])

/**
 * The HPA keys an event wakes: the HPA itself; every HPA of the namespace on a change to its `reel-load`
 * ConfigMap; the HPAs scaling a target that changed; the HPAs whose target selects a pod that changed
 * (before or after the change). A woken HPA only schedules its next 15 s grid sync, so waking too many
 * costs a timer, never a write.
 */
export const hpaKeysFor = (event: ObjectEvent, before: ClusterState): readonly string[] => {
  const o = event.data.object
  const ns = o.metadata.namespace ?? ''
  switch (o.kind) {
    case 'HorizontalPodAutoscaler':
      return event.type === 'object/deleted' ? [] : [nsNameOf(o)]
    case 'ConfigMap':
      return o.metadata.name === LOAD_CONFIGMAP ? listObjects(before, 'HorizontalPodAutoscaler', ns).map(nsNameOf) : []
    case 'Pod': {
      const old = before.objects.get(keyOf(o))
      const out: string[] = []
      for (const hpa of listObjects<HorizontalPodAutoscaler>(before, 'HorizontalPodAutoscaler', ns)) {
        const scale = getScale(before, hpa)
        if (typeof scale === 'string') continue
        if (matches(scale.selector, o.metadata.labels) || (old !== undefined && matches(scale.selector, old.metadata.labels))) out.push(nsNameOf(hpa))
      }
      return out
    }
    default:
      if (!TARGET_KINDS.has(o.kind)) return []
      return listObjects<HorizontalPodAutoscaler>(before, 'HorizontalPodAutoscaler', ns)
        .filter((h) => h.spec.scaleTargetRef.kind === o.kind && h.spec.scaleTargetRef.name === o.metadata.name)
        .map(nsNameOf)
  }
}
