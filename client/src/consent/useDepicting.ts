import { useCallback, useEffect, useState } from 'react'
import { useAnonymousAppview } from '../api/AppviewContext'
import type { VideoView } from '../api/types'
import { useLoad } from '../api/useLoad'
import type { FaceLabelerClient, FoundDepiction } from '../likeness/faceLabeler'
import { foundVideos } from '../likeness/foundVideos'

const PAGE_SIZE = 20
const POLL_EVERY_MS = 1_000
const POLL_FOR_MS = 15_000

/** A change written to the PDS that the appview will show once its firehose catches up. */
interface Awaited {
  arrived: (videos: VideoView[]) => boolean
  /** Shown when the change has not shown up in time; nothing when it may simply change nothing. */
  lateNote?: string
  until: number
}

export interface Depicting {
  /** Declared and found videos together, newest first, each once. */
  videos: VideoView[]
  /** The labeler's evidence for videos it found me in by face match, by video URI. */
  found: ReadonlyMap<string, FoundDepiction>
  /** Why found videos could not be listed (the declared ones still are). */
  foundError?: string
  loading: boolean
  error?: string
  retry(): void
  hasMore: boolean
  showMore(): void
  /** True while waiting for a change to come through the firehose. */
  updating: boolean
  note?: string
  /** Reloads until `arrived` holds (or a short while passes): writes reach the appview through the firehose. */
  awaitChange(arrived: (videos: VideoView[]) => boolean, lateNote?: string): void
}

/**
 * The videos that depict `actor`, page by page, reloaded after the person changes their consent:
 * those that declare them (getDepicting) merged with those `face` found them in by face match
 * (listFound, hydrated by getDepictionViews), when the person protects their face with a labeler.
 */
export function useDepicting(actor: string, face?: FaceLabelerClient): Depicting {
  const appview = useAnonymousAppview()
  const [pages, setPages] = useState(1)
  const [awaited, setAwaited] = useState<Awaited>()
  const [note, setNote] = useState<string>()
  const loaded = useLoad(
    async () => {
      // A reload fetches every page shown so far, so nothing the person scrolled to disappears.
      const videos: VideoView[] = []
      let cursor: string | undefined
      for (let i = 0; i < pages; i++) {
        const page = await appview.getDepicting(actor, { limit: PAGE_SIZE, cursor })
        videos.push(...page.videos)
        cursor = page.cursor
        if (!cursor) break
      }
      const found = face ? await foundVideos(appview, face, actor, pages * PAGE_SIZE) : undefined
      return { videos: mergeNewestFirst(videos, found?.videos ?? []), cursor, found: found?.evidence ?? new Map(), foundError: found?.error }
    },
    [appview, actor, pages, face],
    { videos: [] as VideoView[], cursor: undefined as string | undefined, found: new Map<string, FoundDepiction>(), foundError: undefined as string | undefined },
  )
  const { data, loading, retry } = loaded

  useEffect(() => {
    if (!awaited || loading) return
    if (awaited.arrived(data.videos)) return setAwaited(undefined)
    if (Date.now() > awaited.until) {
      setNote(awaited.lateNote)
      return setAwaited(undefined)
    }
    const timer = setTimeout(retry, POLL_EVERY_MS)
    return () => clearTimeout(timer)
  }, [awaited, data, loading, retry])

  const awaitChange = useCallback((arrived: (videos: VideoView[]) => boolean, lateNote?: string) => {
    setNote(undefined)
    setAwaited({ arrived, lateNote, until: Date.now() + POLL_FOR_MS })
  }, [])
  const showMore = useCallback(() => setPages((n) => n + 1), [])

  return {
    videos: data.videos,
    found: data.found,
    foundError: data.foundError,
    loading,
    error: loaded.error,
    retry,
    hasMore: data.cursor !== undefined,
    showMore,
    updating: awaited !== undefined,
    note,
    awaitChange,
  }
}

/** Declared and found videos as one list, newest first, each video once (the declared view wins). */
export function mergeNewestFirst(declared: VideoView[], found: VideoView[]): VideoView[] {
  const known = new Set(declared.map((v) => v.uri))
  const extra = found.filter((v) => !known.has(v.uri))
  if (extra.length === 0) return declared
  return [...declared, ...extra].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
}

/** The consent state of every video of `subject`, as one string: it changes when any of them does. */
export function consentSnapshot(videos: VideoView[], subject: string): string {
  return videos
    .map((v) => {
      const d = v.depicts.find((x) => x.subject.did === subject)
      return `${v.uri}=${d?.consent.consented}:${d?.consent.reason}:${d?.review?.uri ?? ''}`
    })
    .join('|')
}
