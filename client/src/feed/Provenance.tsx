import type { VideoView } from '../api/types'

const SOURCE_TYPES: Record<string, string> = {
  'ai-generated': 'AI-generated',
  'ai-edited': 'AI-edited',
  captured: 'Captured',
}

/** How the video was made: provider / model, and the prompt behind a disclosure. */
export function Provenance({ generation }: { generation: VideoView['generation'] }) {
  const source = SOURCE_TYPES[generation.sourceType] ?? generation.sourceType
  return (
    <details className="provenance">
      <summary>
        <span className="provenance-source">{source}</span> with{' '}
        <span className="provenance-model">
          {generation.provider} / {generation.model}
        </span>
        {generation.seed !== undefined && <span className="muted"> · seed {generation.seed}</span>}
        <span className="provenance-more"> · prompt</span>
      </summary>
      <p className="provenance-prompt">“{generation.prompt}”</p>
    </details>
  )
}
