import { useCallback, useEffect, useRef, useState } from 'react'
import type { FeedItem, GeneratorView } from '../api/types'
import { useSession } from '../session/SessionContext'
import { errorMessage } from '../ui/errors'
import { acceptsLessLikeThis, sendLessLikeThis } from './interactions'

export interface LessLikeThis {
  /** Present when the viewer is logged in and this feed listens: call it for a card. */
  send?: (item: FeedItem) => void
  /** Videos the viewer asked less of, hidden at once (the generator leaves them out from now on). */
  dismissed: ReadonlySet<string>
  /** A short confirmation, or what went wrong. */
  notice?: { kind: 'ok' | 'error'; text: string }
}

const NOTICE_MS = 4_000

/** "Less like this" for one feed: hides the card at once, tells the generator, confirms (or puts the card back). */
export function useLessLikeThis(generator: GeneratorView): LessLikeThis {
  const { account } = useSession()
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set())
  const [notice, setNotice] = useState<LessLikeThis['notice']>()
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)

  useEffect(() => {
    setDismissed(new Set())
    setNotice(undefined)
  }, [generator.uri, account])
  useEffect(() => () => clearTimeout(timer.current), [])

  const show = useCallback((n: NonNullable<LessLikeThis['notice']>) => {
    setNotice(n)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setNotice(undefined), NOTICE_MS)
  }, [])

  const send = useCallback(
    (item: FeedItem) => {
      if (!account) return
      const uri = item.video.uri
      setDismissed((d) => new Set(d).add(uri))
      const handle = item.video.creator.handle === 'handle.invalid' ? 'this creator' : `@${item.video.creator.handle}`
      sendLessLikeThis(account.auth, generator, item).then(
        () => show({ kind: 'ok', text: `Got it: less like this, and less from ${handle}.` }),
        (err) => {
          setDismissed((d) => {
            const next = new Set(d)
            next.delete(uri)
            return next
          })
          show({ kind: 'error', text: `Could not send “less like this”: ${errorMessage(err)}` })
        },
      )
    },
    [account, generator, show],
  )

  return { send: account && acceptsLessLikeThis(generator) ? send : undefined, dismissed, notice }
}
