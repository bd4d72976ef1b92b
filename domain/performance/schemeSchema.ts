/**
 * The JSON shape of a performance scheme (version 1), as a TypeBox schema: the API's request body
 * for a new scheme version and the check `validateScheme` runs. Browser-safe.
 */
import Type from 'typebox'

const Name = Type.Object({ zh: Type.String({ minLength: 1, maxLength: 100 }), en: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false })
const Id = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,39}$' })
const Points = Type.Number({ minimum: 0, maximum: 1000 })
const Share = Type.Number({ minimum: 0, maximum: 1 })
const Rule = Type.String({ minLength: 1, maxLength: 100 })

const RateKinds = Type.Union(['onTimeRate', 'oneTimeNotification', 'petitionsOnTime', 'satisfaction', 'ordersOnTime'].map((k) => Type.Literal(k)))

export const IndicatorSchema = Type.Union([
  Type.Object({ id: Id, kind: RateKinds, name: Name, weight: Points, zeroAt: Share, fullAt: Share }, { additionalProperties: false }),
  Type.Object({ id: Id, kind: Type.Literal('earlyBonus'), name: Name, step: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), pointsPerStep: Points, maxPoints: Points }, { additionalProperties: false }),
  Type.Object({ id: Id, kind: Type.Literal('cards'), name: Name, yellow: Points, red: Points, excludeRules: Type.Array(Rule, { maxItems: 50 }) }, { additionalProperties: false }),
  Type.Object({ id: Id, kind: Type.Literal('procedureViolations'), name: Name, rules: Type.Array(Rule, { minItems: 1, maxItems: 50 }), points: Points, maxPoints: Points }, { additionalProperties: false }),
  Type.Object({ id: Id, kind: Type.Literal('consecutiveWarnings'), name: Name, runLength: Type.Integer({ minimum: 2, maximum: 50 }), points: Points, maxPoints: Points }, { additionalProperties: false }),
  Type.Object({ id: Id, kind: Type.Literal('supplementsPerCase'), name: Name, threshold: Type.Number({ minimum: 0, maximum: 100 }), step: Type.Number({ exclusiveMinimum: 0, maximum: 100 }), pointsPerStep: Points, maxPoints: Points }, { additionalProperties: false }),
])

const PeerGroup = Type.Union([Type.Literal('county'), Type.Literal('townsStreets'), Type.Literal('vertical')])

export const PerformanceSchemeSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    name: Name,
    source: Type.String({ minLength: 1, maxLength: 500 }),
    periodKind: Type.Literal('month'),
    floor: Type.Number({ minimum: 0, maximum: 100 }),
    indicators: Type.Array(IndicatorSchema, { minItems: 1, maxItems: 40 }),
    minVolume: Type.Integer({ minimum: 0, maximum: 100000 }),
    wilson: Type.Boolean(),
    grades: Type.Object({ excellent: Points, good: Points, pass: Points }, { additionalProperties: false }),
    ratingValues: Type.Object({ '1': Share, '2': Share, '3': Share, '4': Share, '5': Share }, { additionalProperties: false }),
    peerGroups: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), PeerGroup),
  },
  { additionalProperties: false },
)
