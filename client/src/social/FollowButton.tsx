import { useEffect, useState } from 'react'
import { useSession } from '../session/SessionContext'
import { errorMessage } from '../ui/errors'
import { follow, unfollow } from './bluesky'

/** Follow / Unfollow for one person; asks to log in when nobody is. */
export function FollowButton({ did, following, onOpenLogin }: { did: string; following?: string; onOpenLogin: () => void }) {
  const { account } = useSession()
  const [followUri, setFollowUri] = useState(following)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  useEffect(() => setFollowUri(following), [following])

  if (!account) {
    return (
      <button type="button" className="btn btn-primary" onClick={onOpenLogin} data-testid="follow">
        Log in to follow
      </button>
    )
  }
  if (account.did === did) return null

  const toggle = async () => {
    setBusy(true)
    setError(undefined)
    try {
      if (followUri) {
        await unfollow(account.agent, followUri)
        setFollowUri(undefined)
      } else {
        setFollowUri(await follow(account.agent, did))
      }
    } catch (err) {
      setError(`Could not ${followUri ? 'unfollow' : 'follow'}: ${errorMessage(err)}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className={followUri ? 'btn' : 'btn btn-primary'}
        onClick={() => void toggle()}
        disabled={busy}
        aria-pressed={!!followUri}
        data-testid="follow"
      >
        {followUri ? 'Following' : 'Follow'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  )
}
