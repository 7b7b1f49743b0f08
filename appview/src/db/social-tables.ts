/** A Bluesky reply whose thread root is a video's companion post: a comment on that video. */
export interface CommentTable {
  uri: string
  cid: string
  creator: string
  /** The app.framewright.video.post the companion post stands for. */
  videoUri: string
  parentUri: string
  /** The top-level comment this one sits under (its own URI when it answers the companion post). */
  threadUri: string
  text: string
  createdAt: string
  indexedAt: string
}

/** An app.bsky.feed.like of a companion post (kept for the liker's own state; never counted in public). */
export interface PostLikeTable {
  uri: string
  creator: string
  subject: string
  createdAt: string
}

/** One notification for one person, keyed by (recipient, record that caused it, reason). */
export interface NotificationTable {
  recipient: string
  uri: string
  reason: string
  author: string
  /** The recipient's video it is about (remixed, replied). */
  reasonSubject: string | null
  text: string | null
  indexedAt: string
}

/** People this appview notifies beyond creators and depicted people (they asked for notifications), and when they last looked. */
export interface NotificationSeenTable {
  did: string
  seenAt: string
}

export interface SocialSchema {
  comment: CommentTable
  post_like: PostLikeTable
  notification: NotificationTable
  notification_seen: NotificationSeenTable
}
