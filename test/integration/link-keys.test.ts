/* Finding 5 of issue 15: rotating SESSION_SECRET was said to retire survey links, but
   links are checked against their stored hash, so the old ones kept working. Links are
   now retired on purpose — all outstanding, or one wave's — and a new key retires them
   at the next start. */
import { afterEach, describe, expect, it } from 'vitest'
import { runRetireLinks } from '#app/cli/retire-links'
import { resolveSurveyLink, resolveUnsubscribeLink, retireLinks, retireLinksIfKeyChanged } from '#app/services/survey-links.server'
import { getEnv } from '#app/utils/env.server'
import { DAY, makeWave, surveyToken, unsubscribeToken } from '#test/survey-factories'

const originalSecret = getEnv().SESSION_SECRET
afterEach(() => {
  getEnv().SESSION_SECRET = originalSecret
  retireLinksIfKeyChanged({ now: new Date() })
})

const opens = (token: string) => resolveSurveyLink(token, new Date()).kind

describe('retiring links', () => {
  it('retires one wave’s outstanding links, survey and unsubscribe, and the links made since open', async () => {
    const target = await makeWave({ count: 2 })
    const other = await makeWave({ count: 1 })
    const oldSurvey = surveyToken(target.invitationIds[0])
    const oldUnsubscribe = unsubscribeToken(target.invitationIds[0])
    const otherLink = surveyToken(other.invitationIds[0])
    expect(opens(oldSurvey)).toBe('open')

    expect(retireLinks({ waveId: target.waveId, now: new Date() })).toBe(2)
    expect(opens(oldSurvey)).toBe('unknown')
    expect(resolveUnsubscribeLink(oldUnsubscribe)).toBeUndefined()
    expect(opens(surveyToken(target.invitationIds[0]))).toBe('open')
    expect(resolveUnsubscribeLink(unsubscribeToken(target.invitationIds[1]))).toBeDefined()
    expect(opens(otherLink)).toBe('open')
  })

  it('leaves closed waves’ links alone', async () => {
    const past = await makeWave({ sendAt: new Date(Date.now() - 20 * DAY), closesAt: new Date(Date.now() - DAY) })
    const link = surveyToken(past.invitationIds[0])
    retireLinks({ now: new Date() })
    expect(opens(link)).toBe('closed')
  })

  it('a new SESSION_SECRET retires every outstanding link at the next start; the same secret retires nothing', async () => {
    retireLinksIfKeyChanged({ now: new Date() })
    const wave = await makeWave({ count: 1 })
    const sent = surveyToken(wave.invitationIds[0])
    expect(retireLinksIfKeyChanged({ now: new Date() })).toBe(0)
    expect(opens(sent)).toBe('open')

    getEnv().SESSION_SECRET = 'a-rotated-session-secret-of-at-least-32-chars'
    expect(retireLinksIfKeyChanged({ now: new Date() })).toBeGreaterThanOrEqual(1)
    expect(opens(sent)).toBe('unknown')
    // What a reminder would carry now, derived under the new key, opens.
    expect(opens(surveyToken(wave.invitationIds[0]))).toBe('open')
  })

  it('npm run retire-links takes --wave ID and refuses anything else', async () => {
    const wave = await makeWave({ count: 3 })
    const lines: string[] = []
    expect(runRetireLinks(['--wave', String(wave.waveId)], { log: (l) => lines.push(l) })).toBe(0)
    expect(lines.at(-1)).toBe(`Retired the links of 3 invitations in wave ${wave.waveId}; reminders will carry new ones.`)
    expect(runRetireLinks(['--wave', 'x'], { log: (l) => lines.push(l) })).toBe(2)
    expect(runRetireLinks(['--help'], { log: (l) => lines.push(l) })).toBe(0)
    expect(lines.at(-1)).toMatch(/^Usage: npm run retire-links/)
  })
})
