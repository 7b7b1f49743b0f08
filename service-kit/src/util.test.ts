import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { sleep } from './util'

describe('sleep', () => {
  it('leaves no abort listener behind on a long-lived signal', async () => {
    const controller = new AbortController()
    for (let i = 0; i < 20; i++) await sleep(1, controller.signal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
  })

  it('rejects with the reason when the signal aborts', async () => {
    const controller = new AbortController()
    const waiting = sleep(10_000, controller.signal)
    controller.abort(new Error('stopping'))
    await expect(waiting).rejects.toThrow('stopping')
  })
})
