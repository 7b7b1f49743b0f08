import { useState, type FormEvent } from 'react'
import type { GetThread } from '@framewright/lexicons'
import { useAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { useLoad } from '../api/useLoad'
import { Link, profilePath } from '../routes'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { like, reply, unlike } from './bluesky'

/** Bluesky allows 300 graphemes in a post. */
const MAX_COMMENT = 300
type Comment = GetThread.CommentView

/**
 * Likes and comments of one video, both on its companion Bluesky post: a like is a plain toggle
 * (no count, no animation); comments are replies, shown here whichever app wrote them.
 */
export function Comments({ video, onOpenLogin }: { video: VideoView; onOpenLogin: () => void }) {
  const appview = useAppview()
  const { account } = useSession()
  const thread = useLoad<GetThread.OutputSchema | undefined>(() => appview.getThread(video.uri), [appview, video.uri], undefined)
  // Written here and not indexed yet: shown at once, until the appview has them.
  const [mine, setMine] = useState<Comment[]>([])
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [likeUri, setLikeUri] = useState<string | null>()
  const companion = thread.data?.companion
  const liked = likeUri === undefined ? thread.data?.viewer?.like : likeUri ?? undefined
  const indexed = thread.data?.comments ?? []
  const comments = [...indexed, ...mine.filter((m) => !indexed.some((c) => c.uri === m.uri))]
  const length = [...text].length

  const send = async (e: FormEvent) => {
    e.preventDefault()
    if (!account || !companion || !text.trim()) return
    setBusy(true)
    setError(undefined)
    try {
      const posted = await reply(account.agent, text.trim(), companion)
      setMine((m) => [...m, { ...posted, author: { did: account.did, handle: account.handle }, text: text.trim(), parent: companion.uri, createdAt: new Date().toISOString() }])
      setText('')
    } catch (err) {
      setError(`Your comment was not posted: ${errorMessage(err)}`)
    } finally {
      setBusy(false)
    }
  }

  const toggleLike = async () => {
    if (!account || !companion) return
    setError(undefined)
    try {
      if (liked) {
        await unlike(account.agent, liked)
        setLikeUri(null)
      } else {
        setLikeUri(await like(account.agent, companion))
      }
    } catch (err) {
      setError(`Could not ${liked ? 'remove your like' : 'like it'}: ${errorMessage(err)}`)
    }
  }

  return (
    <section className="comments" aria-labelledby="comments-title" data-testid="comments">
      <div className="comments-head">
        <h2 id="comments-title">Comments</h2>
        {companion && account && (
          <button type="button" className="btn btn-small" aria-pressed={!!liked} onClick={() => void toggleLike()} data-testid="like">
            {liked ? 'Liked' : 'Like'}
          </button>
        )}
      </div>
      {!companion && <p className="muted">This video has no Bluesky post, so it cannot take comments or likes.</p>}
      {thread.error && <ErrorNote error={`Could not load the comments: ${thread.error}`} onRetry={thread.retry} />}
      {thread.loading && !thread.data ? (
        <p className="muted">Loading comments…</p>
      ) : (
        <ol className="comment-list">
          {comments.length === 0 && companion && <li className="muted">No comments yet.</li>}
          {comments.map((c) => (
            <li key={c.uri} className="comment" data-testid="comment" data-uri={c.uri}>
              <Link to={profilePath(c.author)} className="comment-author">
                {c.author.handle === 'handle.invalid' ? c.author.did : `@${c.author.handle}`}
              </Link>
              <p className="comment-text">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {companion &&
        (account ? (
          <form className="comment-form" onSubmit={(e) => void send(e)}>
            <label htmlFor="comment-text" className="visually-hidden">
              Write a comment
            </label>
            <textarea
              id="comment-text"
              value={text}
              onChange={(e) => setText([...e.target.value].slice(0, MAX_COMMENT).join(''))}
              placeholder="Write a comment (a reply on Bluesky)"
              rows={2}
              data-testid="comment-text"
            />
            <div className="comment-form-foot">
              <span className="muted" aria-live="polite">
                {length}/{MAX_COMMENT}
              </span>
              <button type="submit" className="btn btn-primary btn-small" disabled={busy || !text.trim()} data-testid="comment-send">
                Comment
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className="btn" onClick={onOpenLogin}>
            Log in to comment or like
          </button>
        ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
