import { describe, expect, it } from 'vitest'
import { formFromPrefs, parseTagList, prefsFromForm, type PrefsForm } from './prefsForm'

const now = new Date('2026-11-25T12:00:00.000Z')
const form = (f: Partial<PrefsForm>): PrefsForm => ({ instruction: '', mutedTags: '', dailyLimit: '', breakReminderMinutes: '', ...f })

describe('feed prefs form', () => {
  it.each<[string, string, string[]]>([
    ['empty', '', []],
    ['commas, spaces and hashes', ' #Politics, horror ,, true crime ', ['Politics', 'horror', 'true crime']],
    ['duplicates in any case', 'Cats, cats, CATS', ['Cats']],
  ])('tag list: %s', (_name, text, tags) => {
    expect(parseTagList(text)).toEqual(tags)
  })

  it.each<[string, Partial<PrefsForm>, Record<string, unknown>]>([
    ['nothing set', {}, { mutedTags: [] }],
    [
      'everything set',
      { instruction: ' more animation, less politics ', mutedTags: 'gore', dailyLimit: '30', breakReminderMinutes: '20' },
      { instruction: 'more animation, less politics', mutedTags: ['gore'], dailyLimit: 30, breakReminderMinutes: 20 },
    ],
  ])('record: %s', (_name, f, expected) => {
    expect(prefsFromForm(form(f), now)).toEqual({ $type: 'app.framewright.feed.prefs', createdAt: now.toISOString(), ...expected })
  })

  it.each<[string, Partial<PrefsForm>, RegExp]>([
    ['a daily limit of zero', { dailyLimit: '0' }, /Videos per day must be a whole number from 1 to 1000/],
    ['a daily limit that is not a number', { dailyLimit: 'lots' }, /Videos per day/],
    ['a break reminder too long', { breakReminderMinutes: '601' }, /Break reminder must be/],
    ['an instruction too long for the lexicon', { instruction: 'x'.repeat(400) }, /cannot be saved/],
  ])('rejects %s', (_name, f, message) => {
    expect(() => prefsFromForm(form(f), now)).toThrow(message)
  })

  it('keeps weights another client set, and round-trips through the form', () => {
    const previous = prefsFromForm(form({ instruction: 'no horror', mutedTags: 'a, b', dailyLimit: '5' }), now)
    const withWeights = { ...previous, weights: { freshness: 5000 } }
    const again = prefsFromForm(formFromPrefs(withWeights), now, withWeights)
    expect(again).toEqual(withWeights)
  })
})
