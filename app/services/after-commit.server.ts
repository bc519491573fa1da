/* The one step every write workflow runs after its transaction commits: the accounts
   it touched are marked for the at-risk queue's reassessment, and the sentiment views'
   memory of closed waves is forgotten when what it is scoped by changed. Models only
   store rows; this is where their consequences happen, once. */
import { markDirty } from '#app/models/queue-dirty.server'
import { invalidateSentimentCache } from '#app/models/sentiment.server'

export function afterCommit({ reassess = [], sentimentScope = false, now = new Date() }: { reassess?: readonly number[]; sentimentScope?: boolean; now?: Date }) {
  for (const accountId of new Set(reassess)) markDirty(accountId, now)
  if (sentimentScope) invalidateSentimentCache()
}
