import type { Agent } from '@atproto/api'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { JobView } from '../api/types'
import { ErrorNote } from '../ui/ErrorNote'
import { errorMessage } from '../ui/errors'
import { publishDraft } from './publishDraft'

export interface DraftEditorProps {
  job: JobView
  agent: Agent
  /** False while the create screen is not shown: the preview must not keep playing. */
  active: boolean
  onPublished: (uri: string) => void
}

/** A finished draft: preview it, write a caption and a description, publish it to your PDS. */
export function DraftEditor({ job, agent, active, onPublished }: DraftEditorProps) {
  const [caption, setCaption] = useState('')
  const [alt, setAlt] = useState('')
  const [publishing, setPublishing] = useState(false)
  const [error, setError] = useState<string>()
  const videoRef = useRef<HTMLVideoElement>(null)
  const result = job.result

  useEffect(() => {
    if (!active) videoRef.current?.pause()
  }, [active])

  if (!result) return null

  const publish = async (e: FormEvent) => {
    e.preventDefault()
    setPublishing(true)
    setError(undefined)
    try {
      const published = await publishDraft(agent, job, { caption, alt })
      onPublished(published.uri)
    } catch (err) {
      setError(`Could not publish: ${errorMessage(err)}`)
    } finally {
      setPublishing(false)
    }
  }

  const ratio = result.aspectRatio ? `${result.aspectRatio.width} / ${result.aspectRatio.height}` : '9 / 16'
  return (
    <form className="panel draft" onSubmit={publish}>
      <div className="draft-preview" style={{ aspectRatio: ratio }}>
        <video ref={videoRef} data-testid="draft-video" src={result.videoUrl} poster={result.thumbnailUrl} controls autoPlay muted loop playsInline />
      </div>
      <div className="draft-fields">
        <p className="hint">
          Draft from {result.generation.provider}/{result.generation.model}
          {result.durationMs ? ` · ${(result.durationMs / 1000).toFixed(1)} s` : ''}. It is published to your own repository, with its provenance.
        </p>
        <label className="field">
          <span className="field-label">Caption</span>
          <input
            data-testid="create-caption"
            value={caption}
            onChange={(e) => setCaption(e.target.value)}
            maxLength={300}
            placeholder="Say something about it"
          />
        </label>
        <label className="field">
          <span className="field-label">Description for people who can’t see it</span>
          <textarea
            data-testid="create-alt"
            value={alt}
            onChange={(e) => setAlt(e.target.value)}
            rows={3}
            maxLength={1000}
            placeholder="What happens in the video"
          />
        </label>
        <ErrorNote error={error} />
        <button type="submit" className="btn btn-primary btn-wide" data-testid="create-publish" disabled={publishing}>
          {publishing ? 'Publishing…' : 'Publish'}
        </button>
      </div>
    </form>
  )
}
