import type { Agent } from '@atproto/api'

/** The bsky.app address of a post (a video's companion post), for sharing to people on Bluesky. */
export function bskyPostUrl(postUri: string): string {
  const [did = '', , rkey = ''] = postUri.replace(/^at:\/\//, '').split('/')
  return `https://bsky.app/profile/${did}/post/${rkey}`
}

/** Follows someone: an app.bsky.graph.follow record in the viewer's own repo, as any Bluesky app writes it. */
export async function follow(agent: Agent, subject: string): Promise<string> {
  return (await agent.follow(subject)).uri
}

/** Deletes the viewer's follow record. */
export async function unfollow(agent: Agent, followUri: string): Promise<void> {
  await agent.deleteFollow(followUri)
}

/** Likes a companion post (app.bsky.feed.like): no count is shown anywhere, and nothing animates. */
export async function like(agent: Agent, post: { uri: string; cid: string }): Promise<string> {
  return (await agent.like(post.uri, post.cid)).uri
}

export async function unlike(agent: Agent, likeUri: string): Promise<void> {
  await agent.deleteLike(likeUri)
}

/**
 * Comments on a video: a Bluesky reply to its companion post (or to a comment under it, with the
 * companion post as the thread's root), so that it shows in every Bluesky client too.
 */
export async function reply(agent: Agent, text: string, root: { uri: string; cid: string }, parent = root): Promise<{ uri: string; cid: string }> {
  return agent.post({ text, reply: { root, parent }, createdAt: new Date().toISOString() })
}
