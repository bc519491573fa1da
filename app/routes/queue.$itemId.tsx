/* One at-risk item: why (signals with evidence, health, triage), what to do by when
   (dated steps), what to say (drafts), the recovery plan, concessions and the outcome. */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ConcessionsSection, DraftsSection, HistorySection, OutcomeSection, PlanSection, StepsSection, WhySection, type QueueItemPage } from '#app/components/queue-item'
import { approvalLimit } from '#app/domain/triage'
import { formFailure, formValues, parseForm, type FormFailure } from '#app/forms/parse'
import { CloseSchema, ConcessionSchema, DecisionSchema, MessageSchema, NoteSchema, PlanIssueSchema, StepAssignSchema, StepSchema, StepSkipSchema } from '#app/forms/queue'
import { assignableUsers } from '#app/models/queue.server'
import { requireQueueItem } from '#app/services/account-access.server'
import { actorOf } from '#app/services/audit.server'
import { readForm } from '#app/utils/public-request.server'
import { addNote, addRecoveryIssue, closeItem, decideOnConcession, itemPage, NotAllowed, proposeConcession, QueueConflict, QueueInvalid, sendItemLetters, updateStep } from '#app/services/queue.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `At risk: ${data?.account.name ?? 'item'} · Hatescale` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, user, item } = await requireQueueItem(request, params.itemId)
  const page = itemPage({ viewer, itemId: item.id, now: new Date() })
  if (!page) throw new Response('No such item.', { status: 404 })
  return { ...page, viewerLimit: approvalLimit(user), viewerId: user.id, staff: assignableUsers() } satisfies QueueItemPage
}

type Failure = FormFailure & { intent: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, item } = await requireQueueItem(request, params.itemId)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const now = new Date()
  const back = (anchor = '') => redirect(`/queue/${item.id}${anchor}`, 303)
  const invalid = (failure: FormFailure) => data<Failure>({ ...failure, intent }, { status: 400 })
  const actor = actorOf(user, context)
  const by = { itemId: item.id, userId: user.id, now, actor }

  try {
    switch (intent) {
      case 'step-done':
      case 'step-skip':
      case 'step-assign': {
        const parsed = parseForm(intent === 'step-skip' ? StepSkipSchema : intent === 'step-assign' ? StepAssignSchema : StepSchema, form)
        if (!parsed.ok) return invalid(parsed)
        const values = parsed.data as { stepId: number; reason?: string; assigneeId?: number | null }
        updateStep({ ...by, stepId: values.stepId, action: intent === 'step-done' ? 'done' : intent === 'step-skip' ? 'skip' : 'assign', reason: values.reason, assigneeId: values.assigneeId })
        return back('#steps')
      }
      case 'note': {
        const parsed = parseForm(NoteSchema, form)
        if (!parsed.ok) return invalid(parsed)
        addNote({ ...by, text: parsed.data.text })
        return back('#history')
      }
      case 'send-message': {
        const parsed = parseForm(MessageSchema, form, ['stakeholderIds'])
        if (!parsed.ok) return invalid(parsed)
        sendItemLetters({ ...by, ...parsed.data })
        return back('#drafts')
      }
      case 'plan-issue': {
        const parsed = parseForm(PlanIssueSchema, form)
        if (!parsed.ok) return invalid(parsed)
        addRecoveryIssue({ ...by, issue: parsed.data })
        return back('#plan')
      }
      case 'propose-concession': {
        const parsed = parseForm(ConcessionSchema, form)
        if (!parsed.ok) return invalid(parsed)
        proposeConcession({ ...by, concession: parsed.data })
        return back('#concessions')
      }
      case 'approve-concession':
      case 'reject-concession': {
        const parsed = parseForm(DecisionSchema, form)
        if (!parsed.ok) return invalid(parsed)
        const found = decideOnConcession({ user, itemId: item.id, concessionId: parsed.data.concessionId, decision: intent === 'approve-concession' ? 'approved' : 'rejected', note: parsed.data.note, now, actor })
        if (!found) throw new Response('No such concession on this item.', { status: 404 })
        return back('#concessions')
      }
      case 'close': {
        const parsed = parseForm(CloseSchema, form)
        if (!parsed.ok) return invalid(parsed)
        closeItem({ ...by, ...parsed.data })
        return back()
      }
    }
  } catch (error) {
    if (error instanceof NotAllowed) throw new Response(error.message, { status: 403 })
    if (error instanceof QueueConflict) throw new Response(error.message, { status: 409 })
    if (error instanceof QueueInvalid) return invalid(formFailure({ [error.field]: [error.message] }, formValues(form, ['stakeholderIds'])))
    throw error
  }
  throw new Response('Unknown action.', { status: 400 })
}

export default function QueueItemPage() {
  const page = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const open = page.item.status === 'open'
  return (
    <main className="container">
      <WhySection page={page} />
      <StepsSection steps={page.steps} staff={page.staff} open={open} failure={failure} />
      <DraftsSection drafts={page.drafts} people={page.people} letters={page.letters} open={open} failure={failure} />
      <PlanSection plan={page.plan} open={open} failure={failure} />
      <ConcessionsSection page={page} open={open} failure={failure} />
      <OutcomeSection item={page.item} followUps={page.followUps} accountId={page.account.id} failure={failure} />
      <HistorySection events={page.events} failure={failure} />
    </main>
  )
}
