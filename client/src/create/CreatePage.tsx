import { useState } from 'react'
import { useAppview } from '../api/AppviewContext'
import type { CreateJobInput } from '../api/appview'
import type { JobView, VideoView } from '../api/types'
import { useSession } from '../session/SessionContext'
import { ErrorNote } from '../ui/ErrorNote'
import { DraftEditor } from './DraftEditor'
import { GenerateForm } from './GenerateForm'
import { JobPeople } from './JobPeople'
import { JobProgress } from './JobProgress'
import { useJob } from './useJob'

export interface CreatePageProps {
  /** False while another screen is shown; the page stays mounted so a running job is not lost. */
  active: boolean
  remixOf?: VideoView
  onClearRemix: () => void
  onOpenLogin: () => void
  onPublished: (uri: string) => void
}

/** Create: describe a video, watch it render, then publish it to your own PDS. */
export function CreatePage({ active, remixOf, onClearRemix, onOpenLogin, onPublished }: CreatePageProps) {
  const { status, account } = useSession()
  const appview = useAppview()
  const [created, setCreated] = useState<JobView>()
  // Bumped after a publish so that the next video starts from an empty form.
  const [formKey, setFormKey] = useState(0)
  const { job, error, resume } = useJob(created)

  if (!account) {
    return (
      <section className="page create-page">
        <div className="panel center-panel">
          <h1>Create</h1>
          {status === 'resuming' ? (
            <p>Checking your session…</p>
          ) : (
            <>
              <p>Log in with your own PDS account to generate videos and publish them to your repository.</p>
              <button type="button" className="btn btn-primary" data-testid="create-login" onClick={onOpenLogin}>
                Log in to create
              </button>
            </>
          )}
        </div>
      </section>
    )
  }

  const startJob = async (input: CreateJobInput) => {
    setCreated(await appview.createJob(input))
  }

  const startOver = () => setCreated(undefined)

  const published = (uri: string) => {
    setCreated(undefined)
    setFormKey((k) => k + 1)
    onClearRemix()
    onPublished(uri)
  }

  return (
    <section className="page create-page" aria-labelledby="create-title">
      <h1 id="create-title">Create</h1>
      {/* Kept mounted while a job runs so that "start over" comes back to the same prompt. */}
      <div hidden={job !== undefined}>
        <GenerateForm key={formKey} remixOf={remixOf} onClearRemix={onClearRemix} onSubmit={startJob} />
      </div>
      {job && (
        <div className="panel job-panel">
          <p className="job-prompt">“{job.prompt}”</p>
          <JobPeople job={job} />
          <JobProgress job={job} />
          {job.status === 'failed' && <ErrorNote error={`Generation failed: ${job.error ?? 'the provider gave no reason'}`} />}
          {job.status === 'expired' && <ErrorNote error={job.error ?? 'This draft expired before it was published.'} />}
          <ErrorNote error={error} onRetry={resume} />
          <button type="button" className="btn btn-small" onClick={startOver}>
            {job.status === 'succeeded' ? 'Discard and start over' : job.status === 'failed' ? 'Try another prompt' : 'Start something else'}
          </button>
        </div>
      )}
      {job?.status === 'succeeded' && <DraftEditor key={job.id} job={job} agent={account.agent} active={active} onPublished={published} />}
    </section>
  )
}
