// Toleration matching is shared by the scheduler, the DaemonSet controller and taint-based eviction.
export * from '../../model/tolerations.js'
