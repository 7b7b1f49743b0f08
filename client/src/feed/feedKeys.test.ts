import { describe, expect, it } from 'vitest'
import { feedKeyAction, type KeyTarget } from './feedKeys'

const none = { ctrl: false, meta: false, alt: false }
const page: KeyTarget = { editable: false, pressable: false, inDialog: false }

describe('feedKeyAction', () => {
  it.each([
    ['ArrowDown', 'next'],
    ['j', 'next'],
    ['PageDown', 'next'],
    ['ArrowUp', 'previous'],
    ['k', 'previous'],
    ['PageUp', 'previous'],
    [' ', 'play-pause'],
    ['m', 'mute'],
    ['x', undefined],
  ])('maps %j to %s on the page itself', (key, action) => {
    expect(feedKeyAction(key, none, page)).toBe(action)
  })

  it('leaves every key to a text field and to an open dialog', () => {
    for (const key of ['j', 'k', 'm', ' ', 'ArrowDown']) {
      expect(feedKeyAction(key, none, { ...page, editable: true })).toBeUndefined()
      expect(feedKeyAction(key, none, { ...page, inDialog: true })).toBeUndefined()
    }
  })

  it('leaves Space to a focused button, but still moves with the arrows', () => {
    expect(feedKeyAction(' ', none, { ...page, pressable: true })).toBeUndefined()
    expect(feedKeyAction('ArrowDown', none, { ...page, pressable: true })).toBe('next')
  })

  it('leaves shortcuts with modifiers to the browser', () => {
    expect(feedKeyAction('k', { ...none, ctrl: true }, page)).toBeUndefined()
    expect(feedKeyAction('ArrowDown', { ...none, meta: true }, page)).toBeUndefined()
    expect(feedKeyAction('m', { ...none, alt: true }, page)).toBeUndefined()
  })
})
