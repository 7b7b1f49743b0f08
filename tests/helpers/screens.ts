import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')

/** An element (described for a failure message) that reaches outside the viewport or is cut short. */
export interface LayoutProblem {
  element: string
  problem: string
}

/**
 * Every rendered element that sticks out of the viewport sideways, plus any text control whose
 * own text is cut (a button narrower than its label), plus a page that scrolls sideways. Elements
 * inside a row that scrolls sideways on purpose (the feed tabs) are judged by that row.
 */
export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  return page.evaluate(LAYOUT_SCRIPT) as Promise<LayoutProblem[]>
}

// Plain JavaScript run in the page: kept as text so that no TypeScript or bundler helper reaches it.
const LAYOUT_SCRIPT = `(() => {
    const problems = []
    const width = document.documentElement.clientWidth
    const describe = (el) => {
      const id = el.getAttribute('data-testid')
      const cls = typeof el.className === 'string' && el.className ? \`.\${el.className.trim().split(/\\s+/).join('.')}\` : ''
      const text = (el.textContent ?? '').trim().slice(0, 30)
      return \`\${el.tagName.toLowerCase()}\${id ? \`[data-testid=\${id}]\` : ''}\${cls} "\${text}"\`
    }
    if (document.documentElement.scrollWidth > width + 1) problems.push({ element: 'html', problem: \`the page scrolls sideways (\${document.documentElement.scrollWidth} > \${width})\` })
    // Rows that scroll sideways by design (their cut edge fades): what is inside is judged by the row.
    const SIDEWAYS = '.feed-tabs'
    for (const el of document.body.querySelectorAll('*')) {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      // Judged by its sideways-scrolling container, which must itself fit.
      if (el.parentElement && el.parentElement.closest(SIDEWAYS)) continue
      // Visually hidden text for screen readers (1 px, clipped) is not on screen.
      if (r.width <= 1 && r.height <= 1) continue
      if (r.left < -1 || r.right > width + 1) problems.push({ element: describe(el), problem: \`spans x \${Math.round(r.left)}–\${Math.round(r.right)} of \${width}\` })
      if ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
        problems.push({ element: describe(el), problem: \`its text is cut (\${el.scrollWidth} > \${el.clientWidth})\` })
      }
    }
    // Labels cut by an ellipsis or clipping inside buttons count too.
    for (const el of document.body.querySelectorAll('button *, a *')) {
      if (!el.checkVisibility({ checkVisibilityCSS: true }) || el.children.length > 0) continue
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') problems.push({ element: describe(el), problem: \`its text is cut (\${el.scrollWidth} > \${el.clientWidth})\` })
    }
    return problems
})()`

export interface AxeViolation {
  id: string
  impact: string
  help: string
  targets: string[]
}

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.addScriptTag({ path: AXE })
  return page.evaluate(AXE_SCRIPT) as Promise<AxeViolation[]>
}

const AXE_SCRIPT = `axe.run(document, { resultTypes: ['violations'] }).then((result) =>
  result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`
