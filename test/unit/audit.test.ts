/* What the audit trail keeps of a change (app/domain/audit.ts): the changed fields only,
   nothing for a write that changed nothing, never a secret; and how a change reads. */
import { describe, expect, it } from 'vitest'
import { auditChange, auditLines, REDACTED } from '#app/domain/audit'

describe('auditChange', () => {
  it('an update keeps only the fields that differ, old and new', () => {
    expect(auditChange({ name: 'Acme', arr: 100, teamIds: [1, 2], ownerId: null }, { name: 'Acme', arr: 250, teamIds: [1, 2, 3], ownerId: null })).toEqual({
      before: { arr: 100, teamIds: [1, 2] },
      after: { arr: 250, teamIds: [1, 2, 3] },
    })
  })

  it('an update that changed nothing records nothing (dates compared as stored)', () => {
    expect(auditChange({ arr: 1, at: new Date('2030-01-01T00:00:00Z') }, { arr: 1, at: new Date('2030-01-01T00:00:00Z') })).toBeNull()
    expect(auditChange({ reason: null }, { reason: undefined })).toBeNull()
    expect(auditChange(null, null)).toBeNull()
  })

  it('a create keeps what was written, a removal what was there; dates become ISO text', () => {
    expect(auditChange(null, { name: 'Ann', closedAt: new Date('2030-01-02T03:04:05Z') })).toEqual({ before: null, after: { name: 'Ann', closedAt: '2030-01-02T03:04:05.000Z' } })
    expect(auditChange({ status: 'active' }, null)).toEqual({ before: { status: 'active' }, after: null })
  })

  it('never keeps a password, a hash, a salt or a token: a changed secret shows as changed, redacted', () => {
    const change = auditChange(
      { name: 'Ann', passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', tokenSalt: 'abc' },
      { name: 'Ann', passwordHash: 'scrypt$16384$8$1$bmV3$bmV3aGFzaA==', tokenSalt: 'abc' },
    )
    expect(change).toEqual({ before: { passwordHash: REDACTED }, after: { passwordHash: REDACTED } })
    const created = auditChange(null, { email: 'a@b.test', password: 'hunter2 hunter2', linkToken: 't0k3n', webhookSecret: 's' })
    expect(JSON.stringify(created)).not.toMatch(/hunter2|t0k3n|"s"/)
    expect(created?.after).toEqual({ email: 'a@b.test', password: REDACTED, linkToken: REDACTED, webhookSecret: REDACTED })
  })
})

describe('auditLines', () => {
  it('reads field by field, with words for names and a dash for nothing', () => {
    expect(auditLines({ before: { renewalDate: null, teamIds: [1, 2] }, after: { renewalDate: '2027-06-30', teamIds: [] } })).toEqual([
      { field: 'renewal date', before: '—', after: '2027-06-30' },
      { field: 'team ids', before: '1, 2', after: '—' },
    ])
    expect(auditLines({ before: null, after: { strategic: true } })).toEqual([{ field: 'strategic', before: null, after: 'true' }])
    expect(auditLines({ before: { 'kim@x.test': { title: 'CTO' } }, after: null })).toEqual([{ field: 'kim@x.test', before: '{"title":"CTO"}', after: null }])
  })
})
