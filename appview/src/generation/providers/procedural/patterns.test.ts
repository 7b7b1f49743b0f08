import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PATTERNS } from './patterns'
import { Dice } from './scene'

const dice = (i: number) => new Dice(createHash('sha256').update(`patterns test ${i}`).digest())
const mandelbrot = (i: number, width = 480, height = 854) => PATTERNS.mandelbrot!(dice(i), width, height, 96)

describe('the mandelbrot pattern', () => {
  // Zooms that share a point and a turn fingerprint alike whatever their colours: the labeler took
  // such renders for copies of each other. Angle and direction must spread them out.
  it('spreads zooms over points, twelve turns and both directions', () => {
    const plans = Array.from({ length: 400 }, (_, i) => mandelbrot(i).params)
    expect(new Set(plans.map((p) => p.angle))).toEqual(new Set(Array.from({ length: 12 }, (_, k) => 30 * k)))
    expect(new Set(plans.map((p) => p.outward))).toEqual(new Set([0, 1]))
    expect(new Set(plans.map((p) => p.point)).size).toBeGreaterThanOrEqual(10)
    const tracks = new Set(plans.map((p) => `${p.point} ${p.angle} ${p.outward}`))
    expect(tracks.size).toBeGreaterThan(150)
  })

  it.each([
    [480, 854],
    [854, 480],
    [480, 480],
  ])('renders a box that holds the turned %i x %i frame', (width, height) => {
    for (let i = 0; i < 60; i++) {
      const { params, chain } = mandelbrot(i, width, height)
      const rad = ((params.angle as number) * Math.PI) / 180
      const [cos, sin] = [Math.abs(Math.cos(rad)), Math.abs(Math.sin(rad))]
      expect(params.renderWidth).toBeGreaterThanOrEqual(width * cos + height * sin)
      expect(params.renderHeight).toBeGreaterThanOrEqual(width * sin + height * cos)
      expect(chain).toContain(`s=${params.renderWidth}x${params.renderHeight}`)
      expect(chain).toContain(`rotate=a=${params.angle}*PI/180:ow=${width}:oh=${height}`)
    }
  })

  it('zooms outwards by swapping the start and end scales', () => {
    const scales = (chain: string) => {
      // Products and quotients of integers, evaluated left to right as ffmpeg does.
      const value = (expr: string) => expr.split(/(?=[*/])/).reduce((acc, term) => (term[0] === '*' ? acc * Number(term.slice(1)) : term[0] === '/' ? acc / Number(term.slice(1)) : Number(term)), 1)
      const [, start, end] = /start_scale=([\d*/]+):end_scale=([\d*/]+):/.exec(chain)!
      return { start: value(start!), end: value(end!) }
    }
    const plans = Array.from({ length: 20 }, (_, i) => mandelbrot(i))
    for (const { params, chain } of plans) {
      const { start, end } = scales(chain)
      expect(params.outward ? end / start : start / end).toBeCloseTo(params.zoom as number, 6)
    }
    expect(new Set(plans.map((p) => p.params.outward)).size).toBe(2)
  })
})
