import { expect } from 'chai'
import { call, createRequest, startStack, type TestStack } from '../support/stack'
import { clinicDate, validBody } from '../support/fixtures'
import { patientToken, staffToken } from '../support/tokens'
import { cancel, filed, fulfill, historyOf, list, pathOf, patch } from '../support/lifecycle'

/**
 * docs/permissions.md, cell by cell: every role against a request of the
 * caller's own (the patient's own, or for staff one of their organization),
 * another patient's in the same organization, and another organization's.
 */
type Whose = 'own' | 'same organization' | 'other organization'
type Action = 'create' | 'read' | 'list' | 'history' | 'change' | 'cancel' | 'fulfill'

const targets: Record<
  Whose,
  { patient: string; clinic: string; category: string; providers: string[]; filer: string }
> = {
  own: { patient: 'pat-a1', clinic: 'clinic-a1', category: 'cat-eval', providers: ['prov-a1'], filer: 'org-a' },
  'same organization': {
    patient: 'pat-a2',
    clinic: 'clinic-a1',
    category: 'cat-eval',
    providers: ['prov-a1'],
    filer: 'org-a',
  },
  'other organization': {
    patient: 'pat-b1',
    clinic: 'clinic-b1',
    category: 'cat-b',
    providers: ['prov-b1'],
    filer: 'org-b',
  },
}

const roles = {
  USER: () => patientToken('pat-a1'),
  CLINICIAN: () => staffToken('org-a', 'CLINICIAN'),
  STAFF: () => staffToken('org-a', 'STAFF'),
  ADMIN: () => staffToken('org-a', 'ADMIN'),
} as const

/** The table: what each role gets for each action on whose request (status, or visible/hidden for list). */
const table: Record<keyof typeof roles, Record<Action, Record<Whose, number | 'visible' | 'hidden'>>> = {
  USER: {
    create: { own: 201, 'same organization': 201, 'other organization': 400 },
    read: { own: 200, 'same organization': 404, 'other organization': 404 },
    list: { own: 'visible', 'same organization': 'hidden', 'other organization': 'hidden' },
    history: { own: 200, 'same organization': 404, 'other organization': 404 },
    change: { own: 200, 'same organization': 404, 'other organization': 404 },
    cancel: { own: 200, 'same organization': 404, 'other organization': 404 },
    fulfill: { own: 403, 'same organization': 403, 'other organization': 403 },
  },
  CLINICIAN: staffRow(),
  STAFF: staffRow(),
  ADMIN: staffRow(),
}

function staffRow(): Record<Action, Record<Whose, number | 'visible' | 'hidden'>> {
  return {
    create: { own: 201, 'same organization': 201, 'other organization': 400 },
    read: { own: 200, 'same organization': 200, 'other organization': 404 },
    list: { own: 'visible', 'same organization': 'visible', 'other organization': 'hidden' },
    history: { own: 200, 'same organization': 200, 'other organization': 404 },
    change: { own: 200, 'same organization': 200, 'other organization': 404 },
    cancel: { own: 200, 'same organization': 200, 'other organization': 404 },
    fulfill: { own: 200, 'same organization': 200, 'other organization': 404 },
  }
}

describe('permissions (docs/permissions.md): every role × action × whose request', () => {
  let stack: TestStack
  before(async () => {
    stack = await startStack()
  })
  after(async () => {
    await stack?.stop()
  })

  const bodyFor = (whose: Whose) => {
    const target = targets[whose]
    return validBody({
      clinic_id: target.clinic,
      appointment_category_id: target.category,
      preferred_providers: target.providers,
      date_range_start: clinicDate(target.clinic, 2),
      date_range_end: clinicDate(target.clinic, 20),
    })
  }
  /** A fresh ACTIVE request of the target patient, filed by staff of its own organization. */
  const fileFor = async (whose: Whose): Promise<string> => {
    const target = targets[whose]
    const body = bodyFor(whose)
    return (await filed(stack, staffToken(target.filer), body, `?patient_id=${target.patient}`))['id']
  }

  const attempt = async (
    role: keyof typeof roles,
    action: Action,
    whose: Whose,
  ): Promise<number | 'visible' | 'hidden'> => {
    const token = roles[role]()
    if (action === 'create') {
      const answer = await createRequest(stack, token, bodyFor(whose), `?patient_id=${targets[whose].patient}`)
      // A patient naming someone else still files for themselves (docs/contract.md#patient-by-role): never for the other patient.
      if (answer.status === 201 && role === 'USER') expect(answer.body.data.patient_id).to.equal('pat-a1')
      return answer.status
    }
    const id = await fileFor(whose)
    switch (action) {
      case 'read':
        return (await call(stack, 'GET', pathOf(id), { token })).status
      case 'history':
        return (await historyOf(stack, token, id)).status
      case 'list': {
        const ids = (await list(stack, token, '?limit=100&sort=-created_at')).body.data.items.map(
          (item: { id: string }) => item.id,
        )
        return ids.includes(id) ? 'visible' : 'hidden'
      }
      case 'change':
        return (await patch(stack, token, id, { notes: 'Changed by the matrix' }, '*')).status
      case 'cancel':
        return (await cancel(stack, token, id)).status
      case 'fulfill':
        return (await fulfill(stack, token, id)).status
    }
  }

  for (const role of Object.keys(table) as Array<keyof typeof roles>) {
    describe(role, () => {
      for (const action of Object.keys(table[role]) as Action[]) {
        for (const whose of Object.keys(targets) as Whose[]) {
          const expected = table[role][action][whose]
          it(`${action} on ${whose === 'own' ? (role === 'USER' ? 'their own' : "their organization's") : `a request of ${whose === 'same organization' ? 'another patient, same organization' : 'another organization'}`} → ${expected}`, async () => {
            expect(await attempt(role, action, whose)).to.equal(expected)
          })
        }
      }
    })
  }
})
