import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Appview, envToConfig, readEnv } from '@framewright/appview'
import { createLogger } from '@framewright/service-kit'
import { freePort } from '@framewright/stack'
import { browserPerFile, logInThroughClient, SHOTS } from '../helpers/browser'
import { stack } from '../helpers/network'

const browser = browserPerFile()
const dir = mkdtempSync(join(tmpdir(), 'framewright-demo-client-'))
let demo: Appview | undefined

afterAll(async () => {
  await demo?.destroy()
  rmSync(dir, { recursive: true, force: true })
})

/** Every password the stack made for its accounts, the moderator's included. */
const passwords = () => [...stack().accounts, stack().moderator].map((a) => a.password)

describe('the sign-in screen', () => {
  it('offers no demo accounts, and the client config holds no password, outside demo mode (the default)', async () => {
    const res = await fetch(`${stack().services.client.url}/client-config.json`)
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(JSON.parse(text)).not.toHaveProperty('demoAccounts')
    for (const password of passwords()) expect(text).not.toContain(password)

    const page = await browser.freshPage()
    await page.goto(stack().services.client.url)
    await page.getByTestId('open-login').click()
    await page.getByTestId('login-submit').waitFor({ state: 'visible' })
    await page.screenshot({ path: `${SHOTS}/sign-in-no-demo.png` })
    expect(await page.getByTestId('demo-login').count()).toBe(0)
    expect(await page.getByText('Demo accounts').count()).toBe(0)
    // Signing in with a password still works.
    await logInThroughClient(page, stack().accounts[0]!)
  })

  it('offers the demo accounts as one-click logins in demo mode, and one signs in', async () => {
    // The web client of an appview in demo mode (as `npm start` runs it), talking to the stack's appview and PDS.
    const clientPort = await freePort()
    const s = stack()
    demo = await Appview.create(
      envToConfig(
        readEnv({
          FRAMEWRIGHT_ROLE: 'api',
          FRAMEWRIGHT_DEMO: 'true',
          FRAMEWRIGHT_DATA_DIR: dir,
          FRAMEWRIGHT_APPVIEW_DB: join(dir, 'appview.sqlite'),
          FRAMEWRIGHT_APPVIEW_PORT: String(await freePort()),
          FRAMEWRIGHT_APPVIEW_PUBLIC_URL: s.services.appview.url,
          FRAMEWRIGHT_APPVIEW_DID: s.services.appview.did,
          FRAMEWRIGHT_CLIENT_PORT: String(clientPort),
          FRAMEWRIGHT_CLIENT_PUBLIC_URL: `http://127.0.0.1:${clientPort}`,
          FRAMEWRIGHT_PLC_URL: s.services.plc.url,
          FRAMEWRIGHT_HANDLE_RESOLVER_URL: s.services.pds.url,
          FRAMEWRIGHT_APPVIEW_DEFAULT_PDS_URL: s.services.pds.url,
          FRAMEWRIGHT_APPVIEW_LABELERS: s.labelerDid,
          FRAMEWRIGHT_APPVIEW_DEFAULT_FEED: s.feeds[0]!.uri,
        }),
        { demoAccounts: [...s.accounts, s.moderator].map(({ handle, password }) => ({ handle, password })) },
      ),
      { logger: createLogger({ level: 'warn' }) },
    )
    await demo.start()
    const client = `http://127.0.0.1:${clientPort}`
    const config = (await (await fetch(`${client}/client-config.json`)).json()) as { demoAccounts: { handle: string }[] }
    expect(config.demoAccounts.map((a) => a.handle)).toEqual([...s.accounts, s.moderator].map((a) => a.handle))

    const page = await browser.freshPage()
    await page.goto(client)
    await page.getByTestId('open-login').click()
    const alice = s.accounts[0]!
    await page.locator(`[data-testid="demo-login"][data-handle="${alice.handle}"]`).click()
    await page.getByTestId('session-handle').filter({ hasText: alice.handle }).waitFor({ state: 'visible', timeout: 15_000 })
    await page.screenshot({ path: `${SHOTS}/sign-in-demo.png` })
  })
})
