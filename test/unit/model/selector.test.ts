import { describe, expect, it } from 'vitest'
import {
  fromLabelSelector,
  fromMap,
  labelKeyError,
  labelValueError,
  matches,
  type Operator,
  parseSelector,
  type Requirement,
  requirement,
  type Selector,
  selectorToString,
} from '../../../src/model/selector.js'

/** Parses or fails the test with the parser's message. */
const parsed = (text: string): readonly Requirement[] => {
  const s = parseSelector(text)
  if (typeof s === 'string') throw new Error(`parse ${JSON.stringify(text)} failed: ${s}`)
  if (s === null) throw new Error(`parse ${JSON.stringify(text)} gave a nil selector`)
  return s
}

const req = (key: string, op: Operator, values: readonly string[] = []): Requirement => ({ key, op, values })

// workloads.md §11.4, match table. Go's `("")` is written `()` in the string syntax (§11.3).
describe('matches: the §11.4 match table', () => {
  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['z>1', { z: 'v2' }, false],
  ] as const)('%j against %j → %s', (text, labels, expected) => {
    expect(matches(parsed(text), labels)).toBe(expected)
  })

  it('parses `x,y in (a)` and sorts the requirements by key', () => {
    // Go's table lists the unsorted [y in (a), x] but does not compare it (Match=false); Parse sorts.
    expect(parsed('x,y in (a)')).toEqual([req('x', 'exists'), req('y', 'in', ['a'])])
  })
})

describe('matches: nil, empty and undefined labels', () => {
  it('a nil selector matches nothing, not even empty labels', () => {
    expect(matches(null, {})).toBe(false)
    expect(matches(null, { x: 'y' })).toBe(false)
  })
  it('an empty selector matches everything, including undefined labels', () => {
    expect(matches([], undefined)).toBe(true)
    expect(matches([], { a: 'b' })).toBe(true)
  })
  it('undefined labels satisfy only absence requirements', () => {
    expect(matches(parsed('x!=y,!z,w notin (a)'), undefined)).toBe(true)
    expect(matches(parsed('x'), undefined)).toBe(false)
    expect(matches(parsed('x=y'), undefined)).toBe(false)
  })
  it('does not see inherited properties as labels', () => {
    expect(matches(parsed('toString'), {})).toBe(false)
    expect(matches(parsed('!constructor'), {})).toBe(true)
  })
  it('compares > and < as integers, not strings', () => {
    expect(matches(parsed('x>9'), { x: '10' })).toBe(true)
    expect(matches(parsed('x<10'), { x: '9' })).toBe(true)
    expect(matches(parsed('x>1'), { x: '1' })).toBe(false)
    expect(matches(parsed('x>1'), {})).toBe(false)
  })
})

describe('selectorToString: the §11.4 TestToString table', () => {
  it.each<[readonly Requirement[], string]>([
    [[req('x', 'in', ['abc', 'def']), req('y', 'notin', ['jkl']), req('z', 'exists')], 'x in (abc,def),y notin (jkl),z'],
    [[req('x', 'notin', ['abc', 'def']), req('y', '!=', ['jkl']), req('z', '!')], 'x notin (abc,def),y!=jkl,!z'],
    [[req('x', 'notin', ['abc']), req('y', 'in', ['jkl', 'mno']), req('z', 'notin', [''])], 'x notin (abc),y in (jkl,mno),z notin ()'],
    [[req('x', '=', ['abc']), req('y', '==', ['jkl']), req('z', '!=', ['a']), req('z', 'exists')], 'x=abc,y==jkl,z!=a,z'],
    [[req('x', '>', ['2']), req('y', '<', ['8']), req('z', 'exists')], 'x>2,y<8,z'],
  ])('%j → %s', (rs, expected) => {
    expect(selectorToString(rs)).toBe(expected)
  })

  it('renders x=a,a=x and a=x,x=a identically (deterministic order)', () => {
    expect(selectorToString(parsed('x=a,a=x'))).toBe('a=x,x=a')
    expect(selectorToString(parsed('a=x,x=a'))).toBe('a=x,x=a')
  })

  it('drops spaces from the input: "x= ,z= " → "x=,z="', () => {
    expect(selectorToString(parsed('x= ,z= '))).toBe('x=,z=')
  })

  it('sorts and de-duplicates in/notin values', () => {
    expect(selectorToString(parsed('k in (b, a, b)'))).toBe('k in (a,b)')
    expect(selectorToString(parsed('k notin (a,,)'))).toBe('k notin (,a)')
  })

  it('renders a nil selector as <none> and an empty one as ""', () => {
    expect(selectorToString(null)).toBe('<none>')
    expect(selectorToString([])).toBe('')
  })
})

describe('parseSelector: strings that parse (§11.4)', () => {
  it.each([
    'x=a,y=b,z=c',
    '',
    'x!=a,y=b',
    'x=',
    'x= ',
    'x=,z= ',
    '!x',
    'x>1',
    'x>1,z<5',
    'x in (abc,)',
    'x notin ( )',
    'a in (x,y,notin, z,in)',
    '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
    'this-is-a-dns.domain.com/key-with-dash',
  ])('%j parses', (text) => {
    expect(Array.isArray(parseSelector(text))).toBe(true)
  })

  it.each<[string, readonly Requirement[]]>([
    ['', []],
    [' \t\r\n', []],
    ['x=', [req('x', '=', [''])]],
    ['x= ', [req('x', '=', [''])]],
    ['x==y', [req('x', '==', ['y'])]],
    ['x in (abc,)', [req('x', 'in', ['', 'abc'])]],
    ['x notin ( )', [req('x', 'notin', [''])]],
    ['a in (x,y,notin, z,in)', [req('a', 'in', ['in', 'notin', 'x', 'y', 'z'])]],
    ['x>1,z<5', [req('x', '>', ['1']), req('z', '<', ['5'])]],
    ['!x', [req('x', '!')]],
    ['z=1,y,!x', [req('x', '!'), req('y', 'exists'), req('z', '=', ['1'])]],
    ['this-is-a-dns.domain.com/key-with-dash', [req('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
  ])('%j → %j', (text, expected) => {
    expect(parseSelector(text)).toEqual(expected)
  })
})

describe('parseSelector: strings that fail (§11.4)', () => {
  it.each([
    'x=a||y=b',
    'x==a==b',
    '!x=a',
    'x<a',
    'x,,y',
    ',x,y',
    'x nott in (y)',
    'a in (xyz),',
    'a in (xyz)b notin ()',
    'a in (xyz abc)',
    'a notin(',
    'a (',
    '(',
    // §11.3's other error cases
    'x,',
    'x y',
    'x>',
    'x in',
  ])('%j is an error', (text) => {
    expect(typeof parseSelector(text)).toBe('string')
  })
})

describe('requirement: NewRequirement errors (§11.4)', () => {
  const long = (n: number) => 'a'.repeat(n)
  it.each<[string, string, Operator, readonly string[]]>([
    ['In with no values', 'x', 'in', []],
    ['NotIn with no values', 'x', 'notin', []],
    ['= with no values', 'x', '=', []],
    ['= with two values', 'x', '=', ['a', 'b']],
    ['== with two values', 'x', '==', ['a', 'b']],
    ['!= with no values', 'x', '!=', []],
    ['Exists with a value', 'x', 'exists', ['a']],
    ['DoesNotExist with a value', 'x', '!', ['a']],
    ['> with two values', 'x', '>', ['1', '2']],
    ['< with no values', 'x', '<', []],
    ['> with a non-integer', 'x', '>', ['a']],
    ['< with a non-integer', 'x', '<', ['1.5']],
    // As in Go: the value must also be a valid label value, which '-3' is not.
    ['> with a negative integer', 'x', '>', ['-3']],
    ['a key of 254 a\'s', long(254), 'exists', []],
    ['a value of 254 chars', 'x', '=', [long(254)]],
    ['a value with a space', 'x', 'in', ['a b']],
    ['an unknown operator', 'x', 'like' as Operator, ['a']],
  ])('%s', (_, key, op, values) => {
    expect(typeof requirement(key, op, values)).toBe('string')
  })

  it('accepts valid requirements, sorting and de-duplicating set values', () => {
    expect(requirement('x', 'in', ['b', 'a', 'b'])).toEqual(req('x', 'in', ['a', 'b']))
    expect(requirement('x', '>', ['3'])).toEqual(req('x', '>', ['3']))
    expect(requirement('x', 'exists', [])).toEqual(req('x', 'exists'))
    expect(requirement(long(63), '=', [long(63)])).toEqual(req(long(63), '=', [long(63)]))
  })
})

describe('labelKeyError / labelValueError (§11.1)', () => {
  it.each([
    'a',
    'A-b_c.D',
    'example.com/name',
    'a.b-c/Z9',
    `${'a'.repeat(63)}`,
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('key %j is valid', (key) => {
    expect(labelKeyError(key)).toBeUndefined()
  })

  it.each([
    '',
    '/a',
    'a/',
    'a/b/c',
    'Example.com/a',
    '-a',
    'a-',
    'a b',
    '.a',
    `${'a'.repeat(64)}`,
    `${'a'.repeat(254)}/b`,
    'exa_mple.com/a',
  ])('key %j is invalid', (key) => {
    expect(labelKeyError(key)).toEqual(expect.any(String))
  })

  it.each(['', 'a', 'A.b-c_D', '0', 'a'.repeat(63)])('value %j is valid', (value) => {
    expect(labelValueError(value)).toBeUndefined()
  })

  it.each(['a b', '-a', 'a_', 'a/b', 'a'.repeat(64), 'a'.repeat(254), 'é'])('value %j is invalid', (value) => {
    expect(labelValueError(value)).toEqual(expect.any(String))
  })
})

describe('fromLabelSelector (LabelSelectorAsSelector)', () => {
  it('maps nil to a nil selector (matches nothing) and {} to an empty one (matches everything)', () => {
    expect(fromLabelSelector(undefined)).toBeNull()
    expect(fromLabelSelector(null)).toBeNull()
    const empty = fromLabelSelector({})
    expect(empty).toEqual([])
    expect(matches(empty as Selector, { any: 'thing' })).toBe(true)
  })

  it('ANDs matchLabels and matchExpressions, sorted by key', () => {
    const s = fromLabelSelector({
      matchLabels: { tier: 'web', app: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['prod', 'dev', 'prod'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists', values: [] },
      ],
    })
    expect(s).toEqual([
      req('app', '=', ['shop']),
      req('canary', '!'),
      req('env', 'notin', ['dev', 'prod']),
      req('tier', '=', ['web']),
      req('zone', 'exists'),
    ])
    expect(matches(s as Selector, { app: 'shop', tier: 'web', zone: 'a', env: 'qa' })).toBe(true)
    expect(matches(s as Selector, { app: 'shop', tier: 'web', zone: 'a', env: 'prod' })).toBe(false)
    expect(matches(s as Selector, { app: 'shop', tier: 'web' })).toBe(false)
  })

  it.each([
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }],
    ['NotIn without values', { matchExpressions: [{ key: 'a', operator: 'NotIn' }] }],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }],
    ['DoesNotExist with values', { matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }] }],
    ['an unknown operator (NotSupported)', { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }],
    ['operators are case-sensitive', { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }],
    ['an invalid matchLabels key', { matchLabels: { 'a/b/c': 'x' } }],
    ['an invalid matchLabels value', { matchLabels: { a: 'a b' } }],
  ])('rejects %s', (_, s) => {
    expect(typeof fromLabelSelector(s)).toBe('string')
  })
})

describe('fromMap (ReplicationController selector)', () => {
  it('is equality on every pair, sorted by key', () => {
    const s = fromMap({ b: '2', a: '1' })
    expect(s).toEqual([req('a', '=', ['1']), req('b', '=', ['2'])])
    expect(matches(s, { a: '1', b: '2', c: '3' })).toBe(true)
    expect(matches(s, { a: '1' })).toBe(false)
    expect(matches(s, { a: '1', b: '3' })).toBe(false)
  })

  it('empty or undefined matches everything', () => {
    expect(matches(fromMap({}), { x: 'y' })).toBe(true)
    expect(matches(fromMap(undefined), undefined)).toBe(true)
  })
})
