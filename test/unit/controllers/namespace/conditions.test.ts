import { describe, expect, it } from 'vitest'
import { contentConditions, type NamespaceCondition, updateConditions } from '../../../../src/controllers/namespace/conditions.js'
import type { ContentDeletion } from '../../../../src/controllers/namespace/deleteContent.js'

const deletion = (over: Partial<ContentDeletion>): ContentDeletion => ({
  commands: [],
  estimateSeconds: 0,
  remainingByResource: new Map(),
  remainingByFinalizer: new Map(),
  errors: [],
  ...over,
})

describe('contentConditions', () => {
  it('lists remaining resources and finalizers sorted, as `<plural>.<group> has N resource instances`', () => {
    const d = deletion({
      remainingByResource: new Map([['pods.', 2], ['deployments.apps', 1], ['configmaps.', 0]]),
      remainingByFinalizer: new Map([['b.io/x', 1], ['a.io/y', 3]]),
    })
    expect(contentConditions(d, 'T').map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain', 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances'],
      ['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain', 'Some content in the namespace has finalizers remaining: a.io/y in 3 resource instances, b.io/x in 1 resource instances'],
    ])
  })

  it('joins the delete errors, sorted, with their count', () => {
    const d = deletion({ errors: ['z error', 'a error'] })
    expect(contentConditions(d, 'T')).toEqual([
      { type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: 'T', reason: 'ContentDeletionFailed', message: 'Failed to delete all resource types, 2 remaining: a error, z error' },
    ])
  })

  it('reports nothing failing when nothing remains', () => {
    expect(contentConditions(deletion({}), 'T')).toEqual([])
  })
})

describe('updateConditions', () => {
  const other: NamespaceCondition = { type: 'example.com/Custom', status: 'True', reason: 'Mine' }
  const remaining: NamespaceCondition = { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: 'T0', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 2 resource instances' }

  it('appends the five maintained types after conditions it does not own', () => {
    const { conditions, changed } = updateConditions([other], [], 'T1')
    expect(changed).toBe(true)
    expect(conditions.map((c) => c.type)).toEqual([
      'example.com/Custom',
      'NamespaceDeletionDiscoveryFailure',
      'NamespaceDeletionGroupVersionParsingFailure',
      'NamespaceDeletionContentFailure',
      'NamespaceContentRemaining',
      'NamespaceFinalizersRemaining',
    ])
  })

  it('is unchanged when every condition already says the same', () => {
    const first = updateConditions([], [remaining], 'T0').conditions
    expect(updateConditions(first, [remaining], 'T5')).toEqual({ conditions: first, changed: false })
  })

  it('a new message keeps lastTransitionTime; a status flip moves it', () => {
    const first = updateConditions([], [remaining], 'T0').conditions
    const fewer = { ...remaining, message: 'Some resources are remaining: pods. has 1 resource instances' }
    const second = updateConditions(first, [fewer], 'T5')
    expect(second.conditions.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({ message: fewer.message, lastTransitionTime: 'T0' })
    const third = updateConditions(second.conditions, [], 'T9')
    expect(third.conditions.find((c) => c.type === 'NamespaceContentRemaining')).toEqual({
      type: 'NamespaceContentRemaining',
      status: 'False',
      lastTransitionTime: 'T9',
      reason: 'ContentRemoved',
      message: 'All content successfully removed',
    })
    expect(third.conditions.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')?.lastTransitionTime).toBe('T0')
  })
})
