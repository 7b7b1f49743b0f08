import { useRef, useState, type FormEvent, type ReactNode } from 'react'
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
/** Top-level comments per page; each comes with every reply under it. */
export const COMMENTS_PAGE = 20
type Comment = GetThread.CommentView
/** A comment written here and not indexed yet, and the top-level comment it sits under (none: it is one). */
type Pending = { comment: Comment; top?: string }

/**
 * Likes and comments of one video, both on its companion Bluesky post: a like is a plain toggle
 * (no count, no animation); comments are replies, shown here whichever app wrote them, with the
 * replies to a comment indented once under it.
 */
export function Comments({ video, onOpenLogin }: { video: VideoView; onOpenLogin: () => void }) {
  const appview = useAppview()
  const { account } = useSession()
  const thread = useLoad<GetThread.OutputSchema | undefined>(() => appview.getThread(video.uri, { limit: COMMENTS_PAGE }), [appview, video.uri], undefined)
  // Pages after the first, as "More comments" loads them.
  const [later, setLater] = useState<{ video: string; comments: Comment[]; cursor?: string }>()
  const [loadingMore, setLoadingMore] = useState(false)
  const [mine, setMine] = useState<Pending[]>([])
  const [replyTo, setReplyTo] = useState<{ comment: Comment; top: string }>()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const [likeUri, setLikeUri] = useState<string | null>()
  const box = useRef<HTMLTextAreaElement>(null)
  const companion = thread.data?.companion
  const liked = likeUri === undefined ? thread.data?.viewer?.like : likeUri ?? undefined
  // Later pages stay when the first page reloads (the viewer signed in, or chose labelers, while
  // reading): a comment both hold is shown once, where the first page has it.
  const extra = later?.video === video.uri ? later : undefined
  const firstPage = thread.data?.comments ?? []
  const onFirst = new Set(firstPage.map((c) => c.uri))
  const indexed = [...firstPage, ...(extra?.comments ?? []).filter((c) => !onFirst.has(c.uri))]
  const cursor = extra ? extra.cursor : thread.data?.cursor
  const known = new Set(indexed.flatMap((c) => [c.uri, ...(c.replies ?? []).map((r) => r.uri)]))
  const pending = mine.filter((m) => !known.has(m.comment.uri))
  const comments: Comment[] = [
    ...indexed.map((c) => {
      const added = pending.filter((m) => m.top === c.uri).map((m) => m.comment)
      return added.length ? { ...c, replies: [...(c.replies ?? []), ...added] } : c
    }),
    // New top-level comments go at the end once every page is shown; until then, at the end of what is.
    ...pending.filter((m) => !m.top).map((m) => m.comment),
  ]
  const length = [...text].length

  const loadMore = async () => {
    if (!cursor) return
    setLoadingMore(true)
    setError(undefined)
    try {
      const next = await appview.getThread(video.uri, { cursor, limit: COMMENTS_PAGE })
      setLater({ video: video.uri, comments: [...(extra?.comments ?? []), ...next.comments], cursor: next.cursor })
    } catch (err) {
      setError(`Could not load more comments: ${errorMessage(err)}`)
    } finally {
      setLoadingMore(false)
    }
  }

  const startReply = (comment: Comment, top: string) => {
    setReplyTo({ comment, top })
    box.current?.focus()
  }

  const send = async (e: FormEvent) => {
    e.preventDefault()
    if (!account || !companion || !text.trim()) return
    setBusy(true)
    setError(undefined)
    try {
      const parent = replyTo ? { uri: replyTo.comment.uri, cid: replyTo.comment.cid } : companion
      const posted = await reply(account.agent, text.trim(), companion, parent)
      const comment = { ...posted, author: { did: account.did, handle: account.handle }, text: text.trim(), parent: parent.uri, createdAt: new Date().toISOString() }
      setMine((m) => [...m, { comment, top: replyTo?.top }])
      setText('')
      setReplyTo(undefined)
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

  const canReply = !!(account && companion)
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
            <CommentItem key={c.uri} comment={c} onReply={canReply ? (target) => startReply(target, c.uri) : undefined}>
              {c.replies && c.replies.length > 0 && (
                <ol className="comment-replies" aria-label={`Replies to ${nameOf(c)}`}>
                  {c.replies.map((r) => (
                    <CommentItem key={r.uri} comment={r} answers={r.parent === c.uri ? undefined : c.replies?.find((o) => o.uri === r.parent)} onReply={canReply ? (target) => startReply(target, c.uri) : undefined} />
                  ))}
                </ol>
              )}
            </CommentItem>
          ))}
        </ol>
      )}
      {cursor && (
        <button type="button" className="btn btn-small" disabled={loadingMore} onClick={() => void loadMore()} data-testid="comments-more">
          {loadingMore ? 'Loading…' : 'More comments'}
        </button>
      )}
      {companion &&
        (account ? (
          <form className="comment-form" onSubmit={(e) => void send(e)}>
            {replyTo && (
              <p className="comment-replying muted" data-testid="comment-replying">
                Replying to {nameOf(replyTo.comment)}{' '}
                <button type="button" className="btn btn-small" onClick={() => setReplyTo(undefined)}>
                  Cancel reply
                </button>
              </p>
            )}
            <label htmlFor="comment-text" className="visually-hidden">
              {replyTo ? `Write a reply to ${nameOf(replyTo.comment)}` : 'Write a comment'}
            </label>
            <textarea
              id="comment-text"
              ref={box}
              value={text}
              onChange={(e) => setText([...e.target.value].slice(0, MAX_COMMENT).join(''))}
              placeholder={replyTo ? 'Write a reply (on Bluesky too)' : 'Write a comment (a reply on Bluesky)'}
              rows={2}
              data-testid="comment-text"
            />
            <div className="comment-form-foot">
              <span className="muted" aria-live="polite">
                {length}/{MAX_COMMENT}
              </span>
              <button type="submit" className="btn btn-primary btn-small" disabled={busy || !text.trim()} data-testid="comment-send">
                {replyTo ? 'Reply' : 'Comment'}
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

function nameOf(c: Comment): string {
  return c.author.handle === 'handle.invalid' ? c.author.did : `@${c.author.handle}`
}

/** One comment; a flattened deeper reply says whom it answers. */
function CommentItem({ comment, answers, onReply, children }: { comment: Comment; answers?: Comment; onReply?: (c: Comment) => void; children?: ReactNode }) {
  return (
    <li className="comment" data-testid="comment" data-uri={comment.uri}>
      <Link to={profilePath(comment.author)} className="comment-author">
        {nameOf(comment)}
      </Link>
      {answers && <span className="muted comment-answers"> replying to {nameOf(answers)}</span>}
      <p className="comment-text">{comment.text}</p>
      {onReply && (
        <button type="button" className="comment-reply" onClick={() => onReply(comment)} aria-label={`Reply to ${nameOf(comment)}`} data-testid="comment-reply">
          Reply
        </button>
      )}
      {children}
    </li>
  )
}
