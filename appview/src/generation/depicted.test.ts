import { describe, expect, it } from 'vitest'
import type { ConsentCheck } from '../likeness/consent-checks'
import { refusalMessage, type Why } from './depicted'

const check = (did: string, handle: string, message: string): ConsentCheck => ({
  subject: { did, handle },
  consented: false,
  reason: 'no-grant',
  message,
})

describe('refusalMessage', () => {
  const carol = check('did:plc:carol', 'carol.test', 'carol.test has not allowed anyone to use their likeness: they have no likeness grant.')
  const bob = check('did:plc:bob', 'bob.test', 'bob.test allows only people they approved to use their likeness, and dan.test is not one of them.')
  const nobody = check('did:plc:ghost', 'handle.invalid', 'did:plc:ghost has not allowed anyone to use their likeness: they have no likeness grant.')

  it.each<[string, ConsentCheck[], [string, Why[]][], string]>([
    ['picked: the reason alone', [carol], [['did:plc:carol', [{ kind: 'picked' }]]], carol.message],
    ['named by handle', [carol], [['did:plc:carol', [{ kind: 'named', as: '@carol.test' }]]], `Your prompt names @carol.test. ${carol.message}`],
    [
      'named twice, by handle and by display name',
      [carol],
      [['did:plc:carol', [{ kind: 'named', as: '@carol.test' }, { kind: 'named', as: 'Carol Ann' }]]],
      `Your prompt names @carol.test and Carol Ann. ${carol.message}`,
    ],
    ['from the remixed video', [bob], [['did:plc:bob', [{ kind: 'remix' }]]], `The video you are remixing depicts bob.test. ${bob.message}`],
    ['a handle that does not verify is named by DID', [nobody], [['did:plc:ghost', [{ kind: 'remix' }]]], `The video you are remixing depicts did:plc:ghost. ${nobody.message}`],
    [
      'two people, each with their own reason',
      [carol, bob],
      [['did:plc:carol', [{ kind: 'named', as: '@carol.test' }]], ['did:plc:bob', [{ kind: 'picked' }, { kind: 'remix' }]]],
      `Your prompt names @carol.test. ${carol.message} The video you are remixing depicts bob.test. ${bob.message}`,
    ],
  ])('%s', (_name, refused, people, expected) => {
    expect(refusalMessage(refused, new Map(people))).toBe(expected)
  })
})
