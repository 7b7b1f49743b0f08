/**
 * How many HTTP requests a browser's player makes to play one video (the appview's /video answers
 * each with one Range response, and each counts against FRAMEWRIGHT_RATE_LIMIT_VIDEO_PER_IP): plays
 * a clip to its end, then plays it again with two seeks, in headless Chromium on a throttled connection
 * (8 Mbit/s, 40 ms), against a plain server with Range support, and prints the requests of each.
 *
 *   npx tsx bench/video-range-requests.ts <clip.mp4> [more.mp4 …]   (FRAMEWRIGHT_CHROMIUM: the browser; default /usr/bin/chromium)
 */
import { statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { basename, dirname, resolve } from 'node:path'
import express from 'express'
import { chromium } from 'playwright-core'

const clips = process.argv.slice(2).map((p) => resolve(p))
if (clips.length === 0) throw new Error('usage: npx tsx bench/video-range-requests.ts <clip.mp4> …')

const requests: string[] = []
const app = express()
app.get('/', (_req, res) => void res.type('html').send('<!doctype html><body></body>'))
app.use('/media', (req, _res, next) => (requests.push(req.headers.range ?? 'whole'), next()))
for (const clip of clips) app.use('/media', express.static(dirname(clip), { index: false }))
const server = app.listen(0, '127.0.0.1')
await new Promise((r) => server.once('listening', r))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
const browser = await chromium.launch({
  executablePath: process.env.FRAMEWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
})
try {
  for (const clip of clips) {
    for (const seeks of [[], [0.8, 0.2]]) {
      // A fresh context each time: nothing cached from the run before.
      const context = await browser.newContext()
      const page = await context.newPage()
      // A phone on a good connection (8 Mbit/s, 40 ms): on loopback the player reads the whole clip at once.
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 1_000_000, uploadThroughput: 250_000 })
      await page.goto(base)
      requests.length = 0
      await page.evaluate(
        async ({ src, seeks }) => {
          // Runs in the page (this workspace's types have no DOM).
          const { document } = globalThis as unknown as { document: { createElement(tag: string): any; body: { append(el: unknown): void } } }
          const video = document.createElement('video')
          video.muted = true
          video.src = src
          document.body.append(video)
          await video.play()
          for (const at of seeks) {
            await new Promise((r) => setTimeout(r, 500))
            video.currentTime = video.duration * at
          }
          await new Promise((r) => video.addEventListener('ended', r, { once: true }))
        },
        { src: `${base}/media/${basename(clip)}`, seeks },
      )
      console.log(`${basename(clip)} (${(statSync(clip).size / 1e6).toFixed(1)} MB), played to the end${seeks.length ? ` with ${seeks.length} seeks` : ''}: ${requests.length} requests (${requests.join('; ')})`)
      await context.close()
    }
  }
} finally {
  await browser.close()
  server.close()
}
