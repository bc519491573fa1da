/* The confidentiality policy (SPEC "Confidential mode"): the one place that says what
   staff may see of what clients answered. Every reader that shows, sends or exports
   anything derived from answers (pages, queue evidence, alert emails, drafts, champion
   features, the CSV export) asks this module; nothing else decides it. */
import type { AnonymityMode, Level, RelationshipRole } from './vocabulary'

export type Privacy = { confidential: boolean; k: number }

/** Several waves together are as private as the strictest of them. */
export function privacyOf(waves: readonly { anonymity: AnonymityMode; minAnswers: number }[]): Privacy {
  const confidential = waves.filter((w) => w.anonymity === 'confidential')
  return { confidential: confidential.length > 0, k: Math.max(0, ...confidential.map((w) => w.minAnswers)) }
}

/** A group's figures appear only with answers from at least k distinct people
    (one person answering three waves is still one person). */
export function canShow(t: { n: number; people?: number }, privacy: Privacy): boolean {
  return t.n > 0 && (!privacy.confidential || (t.people ?? t.n) >= privacy.k)
}

/** Whether answers may be tied to a named person: their name, their own score, whether they answered. */
export function mayAttribute(privacy: Privacy): boolean {
  return !privacy.confidential
}

/** The waves whose answers may feed per-person features (champion cooling, successor
    ranking, "answered recently"): never a confidential one, since even an order or a
    badge tells who answered what. (The champion log's SQL filters by this list.) */
export const PERSONAL_FEATURE_MODES: readonly AnonymityMode[] = ['named']

/** One comment and the sizes of the groups around it, as read from the answers. */
export type CommentFacts = {
  comment: string
  category: string | null
  level: Level
  role: RelationshipRole
  score: number
  name: string | null
  at: Date
  /** Distinct people who answered that wave at this account; at its level; at its level in its role. */
  accountPeople: number
  levelPeople: number
  rolePeople: number
}

export type ShownComment = { comment: string; category: string | null; level: Level | null; role: RelationshipRole | null; score: number | null; name: string | null; at: Date | null }

/**
 * A comment as staff may see it, or null when it may not be shown at all. In a
 * confidential wave: only when the account's answers reach k; never a name, a score or
 * an exact time; the level only where that level has k answers, and the role only where
 * that role at that level has k (a role shared by fewer would point at someone).
 */
export function shownComment(c: CommentFacts, privacy: Privacy): ShownComment | null {
  if (mayAttribute(privacy)) return { comment: c.comment, category: c.category, level: c.level, role: c.role, score: c.score, name: c.name, at: c.at }
  if (!canShow({ n: c.accountPeople }, privacy)) return null
  const levelShown = canShow({ n: c.levelPeople }, privacy)
  const roleShown = levelShown && canShow({ n: c.rolePeople }, privacy)
  return { comment: c.comment, category: c.category, level: levelShown ? c.level : null, role: roleShown ? c.role : null, score: null, name: null, at: null }
}

/** "Who we reach": per person (asked, answered) only where answers may be attributed;
    otherwise counts per level alone, since a list of the asked next to "3 of 3 answered" names them. */
export function showsWhoAnswered(privacy: Privacy): boolean {
  return mayAttribute(privacy)
}
