/**
 * The lower bound of the Wilson score interval for a rate of `successes` out of `trials`: the rate
 * a department can be said to reach with ~97.5% confidence (z = 1.96, one side of the 95%
 * interval). Small samples are pulled towards 0, so one fast case does not top a ranking
 * (FixMyStreet's "most responsive" list was topped by a council with one fast fix). Used for the
 * rate indicators when the scheme's `wilson` switch is on.
 *
 * @returns a number in [0, 1], or `null` when there are no trials
 *
 * @example
 * wilsonLowerBound(1, 1)     //=> 0.2065…  (one on-time case out of one)
 * wilsonLowerBound(95, 100)  //=> 0.8882…
 */
export function wilsonLowerBound(successes: number, trials: number, z = 1.96): number | null {
  if (!(trials > 0) || successes < 0 || successes > trials) return null
  const p = successes / trials
  const z2 = z * z
  const centre = p + z2 / (2 * trials)
  const margin = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))
  return Math.max(0, (centre - margin) / (1 + z2 / trials))
}
