import { useCallback, useEffect, useState, type RefObject } from 'react'

/** Share of a card that must be on screen for it to count as the one being watched. */
const IN_VIEW_RATIO = 0.6

export interface Autoplay {
  inView: boolean
  /** The browser refused to start playback by itself; the viewer has to press play. */
  blocked: boolean
  /** Starts playback from a user gesture. */
  play(): void
}

/**
 * Plays a video while most of it is on screen and `enabled`, and pauses it otherwise, so that in a
 * snapping list only the card in view is playing. With `autoplay` false (the viewer prefers reduced
 * motion) nothing starts by itself: the card in view asks for a press of play.
 */
export function useAutoplay(ref: RefObject<HTMLVideoElement | null>, enabled: boolean, autoplay = true): Autoplay {
  const [inView, setInView] = useState(false)
  const [blocked, setBlocked] = useState(false)
  const [playing, setPlaying] = useState(false)

  useEffect(() => {
    const video = ref.current
    if (!video) return
    const onPlay = () => setPlaying(true)
    const onPause = () => setPlaying(false)
    video.addEventListener('play', onPlay)
    video.addEventListener('pause', onPause)
    return () => {
      video.removeEventListener('play', onPlay)
      video.removeEventListener('pause', onPause)
    }
  }, [ref])

  useEffect(() => {
    const video = ref.current
    if (!video) return
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) setInView(entry.isIntersecting && entry.intersectionRatio >= IN_VIEW_RATIO)
      },
      { threshold: [0, IN_VIEW_RATIO, 1] },
    )
    observer.observe(video)
    return () => observer.disconnect()
  }, [ref])

  const start = useCallback(
    (video: HTMLVideoElement) => {
      video.play().then(
        () => setBlocked(false),
        (err: unknown) => {
          // AbortError: a pause() (the card scrolled away) interrupted the start; nothing to report.
          if (err instanceof DOMException && err.name === 'AbortError') return
          setBlocked(true)
        },
      )
    },
    [setBlocked],
  )

  useEffect(() => {
    const video = ref.current
    if (!video) return
    if (!inView || !enabled) video.pause()
    else if (autoplay) start(video)
  }, [ref, inView, enabled, autoplay, start])

  const play = useCallback(() => {
    if (ref.current) start(ref.current)
  }, [ref, start])

  return { inView, blocked: blocked || (!autoplay && inView && enabled && !playing), play }
}
