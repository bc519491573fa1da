/* Issue 16: what a comment says reaches the at-risk queue in the language it is written
   in, whatever the person's profile says, and a negated threat opens nothing. */
import { beforeEach, describe, expect, it } from 'vitest'
import { refreshQueue } from '#app/services/queue.server'
import { perLinkLimiter } from '#app/services/survey-links.server'
import { answerWith, openItemsOf, queueAccount } from '#test/queue-factories'

beforeEach(() => perLinkLimiter.reset())

describe('comment signals in the queue', () => {
  it('a Chinese non-renewal from an English-profile manager opens an item, quoting the sentence as written', async () => {
    const acc = await queueAccount()
    const sentence = '合同到期后我们不会续约。'
    expect((await answerWith(acc.tokenOf(acc.people.peer.id), 3, `支持响应还可以。${sentence}`)).status).toBe(303)
    refreshQueue()
    const [item] = openItemsOf(acc.id)
    expect(item).toBeDefined()
    const churn = item.signals.find((s) => s.kind === 'churn_words')
    expect(churn?.evidence).toContain(sentence)
  })

  it.each([
    ['We will not cancel, the team is great.'],
    ['Мы не собираемся расторгать договор.'],
    ['我们不会取消合同。'],
    ['Kami tidak akan membatalkan kontrak ini.'],
    ['We cancelled the weekly call, it was not needed.'],
  ])('a fan who writes %j opens nothing', async (comment) => {
    const acc = await queueAccount()
    expect((await answerWith(acc.tokenOf(acc.people.peer.id), 1, comment)).status).toBe(303)
    refreshQueue()
    expect(openItemsOf(acc.id)).toEqual([])
  })
})
