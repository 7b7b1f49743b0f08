import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { loadClientConfig } from './config'
import { errorMessage } from './ui/errors'
import './styles.css'
import './screens.css'

const root = createRoot(document.getElementById('root')!)

loadClientConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (err: unknown) =>
    root.render(
      <main className="fatal" role="alert">
        <h1>Framewright could not start</h1>
        <p>{errorMessage(err)}</p>
        <button type="button" className="btn" onClick={() => location.reload()}>
          Reload
        </button>
      </main>,
    ),
)
