import type { FeedEnd } from '../api/types'

/** What the end of a feed says, and which actions it offers. */
export interface EndCardText {
  kind: 'dailyLimit' | 'authRequired' | 'caughtUp' | 'empty'
  title: string
  body: string
}

const videos = (n: number) => `${n} ${n === 1 ? 'video' : 'videos'}`

/** "in 3 h 20 min", "in 45 min", "in under a minute": how long until `at`. */
export function timeUntil(at: number, now: number): string {
  const minutes = Math.ceil((at - now) / 60_000)
  if (minutes <= 1) return 'in under a minute'
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `in ${m} min`
  return m === 0 ? `in ${h} h` : `in ${h} h ${m} min`
}

/**
 * Why the feed ended, in words that are true: the daily limit (how many today, when it resets), a
 * personal feed that needs the viewer signed in, a feed that simply has nothing more, or one that
 * never had anything. `formatTime` renders the reset moment in the viewer's own clock.
 */
export function endCardText(input: {
  feedName: string
  end?: FeedEnd
  loggedIn: boolean
  seen: number
  hidden: number
  now: number
  formatTime: (ms: number) => string
}): EndCardText {
  const { feedName, end, loggedIn, seen, hidden, now, formatTime } = input
  if (end?.reason === 'dailyLimit' && end.resetsAt) {
    const at = Date.parse(end.resetsAt)
    const watched = end.servedToday ?? seen
    const limit = end.dailyLimit !== undefined ? `, your daily limit of ${end.dailyLimit}` : ''
    return {
      kind: 'dailyLimit',
      title: "That's all for today",
      body: `You've watched ${videos(watched)} today${limit}, across all feeds. They start again at ${formatTime(at)} (${timeUntil(at, now)}). You can change the limit in Feed settings.`,
    }
  }
  if (end?.reason === 'authRequired' && !loggedIn) {
    return { kind: 'authRequired', title: `Log in to see ${feedName}`, body: `${feedName} is made from the people you follow. Log in and it fills with their videos.` }
  }
  if (seen === 0 && hidden === 0) {
    return { kind: 'empty', title: 'Nothing here yet', body: `${feedName} has no videos for you right now. Go make the first one.` }
  }
  return { kind: 'caughtUp', title: "You're all caught up", body: `That's everything in ${feedName} for now. Go make something: it ends on purpose.` }
}
