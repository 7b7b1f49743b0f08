import { InvalidRequestError } from '@atproto/xrpc-server'
import { mentionedHandles, nameWords, namesIn, type Database } from '@framewright/service-kit'
import type { AppviewSchema } from '../db/schema'
import type { ConsentCheck, ConsentChecks } from '../likeness/consent-checks'
import type { GrantHolderNames } from '../likeness/grant-holder-names'

/** How a person came to be in a new video. */
export type Why = { kind: 'picked' } | { kind: 'named'; as: string } | { kind: 'remix' }

/**
 * Who a new video depicts is never only what its creator lists: the people the prompt names (an
 * @handle, or the exact display name of a grant holder) and, for a remix, the people the original
 * depicts, are in it too. Each is then held to the consent rule like anyone listed.
 */
export class DepictedPeople {
  constructor(
    private readonly db: Database<AppviewSchema>,
    private readonly checks: ConsentChecks,
    private readonly names: GrantHolderNames,
  ) {}

  /** Everyone a video made from this request depicts, with why, in order of appearance. */
  async gather(input: { prompt: string; depicts?: string[]; remixOf?: { uri: string } }): Promise<Map<string, Why[]>> {
    const people = new Map<string, Why[]>()
    const add = (did: string, why: Why) => people.set(did, [...(people.get(did) ?? []), why])
    for (const did of input.depicts ?? []) add(did, { kind: 'picked' })

    const handles = mentionedHandles(input.prompt)
    const resolved = await Promise.all(handles.map(async (handle) => [handle, await this.checks.resolveHandle(handle)] as const))
    for (const [handle, did] of resolved) {
      if (!did) {
        throw new InvalidRequestError(
          `Your prompt mentions @${handle}, which is not an account this appview can find. Check the handle, or leave out the @ if you do not mean a person.`,
          'MentionNotFound',
        )
      }
      add(did, { kind: 'named', as: `@${handle}` })
    }
    for (const person of namesIn(input.prompt, await this.names.candidates(nameWords(input.prompt)))) {
      add(person.did, { kind: 'named', as: person.displayName })
    }

    if (input.remixOf) {
      const original = await this.db.db.selectFrom('video').select('uri').where('uri', '=', input.remixOf.uri).executeTakeFirst()
      if (!original) {
        throw new InvalidRequestError(
          'The video you are remixing is not known to this appview, so who is in it cannot be checked. Try again once it has been indexed.',
          'RemixNotFound',
        )
      }
      const depicted = await this.db.db.selectFrom('depiction').select('subject').where('videoUri', '=', original.uri).execute()
      for (const { subject } of depicted) add(subject, { kind: 'remix' })
    }
    return people
  }
}

/** The refusal of a job, as sentences: who is in it, why they count, and why their grant does not cover the creator. */
export function refusalMessage(refused: ConsentCheck[], people: ReadonlyMap<string, Why[]>): string {
  return refused
    .map((check) => {
      const whys = people.get(check.subject.did) ?? []
      const who = check.subject.handle !== 'handle.invalid' ? check.subject.handle : check.subject.did
      const named = whys.flatMap((w) => (w.kind === 'named' ? [w.as] : []))
      const because = [
        ...(named.length > 0 ? [`Your prompt names ${named.join(' and ')}.`] : []),
        ...(whys.some((w) => w.kind === 'remix') ? [`The video you are remixing depicts ${who}.`] : []),
      ]
      return [...because, check.message].join(' ')
    })
    .join(' ')
}
