import type { Agent } from '@atproto/api'
import type { ServiceAuthCache } from '../api/serviceAuth'
import { ProtectFace } from '../likeness/ProtectFace'
import { useFaceLabeler } from '../likeness/useFaceLabeler'
import { useSession } from '../session/SessionContext'
import { DepictingList } from './DepictingList'
import { GrantEditor } from './GrantEditor'
import { consentSnapshot, useDepicting } from './useDepicting'

export interface ConsentPageProps {
  onOpenLogin: () => void
}

/** The consent centre: who may use my likeness, and every video that does. */
export function ConsentPage({ onOpenLogin }: ConsentPageProps) {
  const { status, account } = useSession()
  if (!account) {
    return (
      <section className="page consent-page">
        <div className="panel center-panel">
          <h1>Consent</h1>
          {status === 'resuming' ? (
            <p>Checking your session…</p>
          ) : (
            <>
              <p>Log in to decide who may put you in their videos, and to see and review every video of you.</p>
              <button type="button" className="btn btn-primary" data-testid="consent-login" onClick={onOpenLogin}>
                Log in
              </button>
            </>
          )}
        </div>
      </section>
    )
  }
  // Keyed by account: logging in as someone else starts from their grant and their videos.
  return <ConsentCentre key={account.did} did={account.did} agent={account.agent} auth={account.auth} />
}

function ConsentCentre({ did, agent, auth }: { did: string; agent: Agent; auth: ServiceAuthCache }) {
  const face = useFaceLabeler(auth)
  const depicting = useDepicting(did, face.client)

  const grantChanged = () => {
    const before = consentSnapshot(depicting.videos, did)
    // A grant change may leave every verdict as it was, so there is nothing to warn about if none moves.
    depicting.awaitChange((videos) => consentSnapshot(videos, did) !== before)
  }

  return (
    <section className="page consent-page" aria-labelledby="consent-title">
      <h1 id="consent-title">Consent</h1>
      <p className="lede">Your face and voice are yours. Decide who may use your likeness in AI video, and review every video that does.</p>
      <GrantEditor agent={agent} onChanged={grantChanged} />
      <ProtectFace face={face} onChanged={depicting.retry} />
      <DepictingList me={did} agent={agent} depicting={depicting} />
    </section>
  )
}
