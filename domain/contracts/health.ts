/** Body of `GET /readyz` (server/routes/health.ts), sent with 200 when ready and 503 when not. */
export interface Readiness {
  status: 'ready' | 'not-ready'
  postgres: 'up' | 'down'
  redis: 'up' | 'down'
  /** The deployment serves simulated data (`SIMULATED_DATA`): pages show a 模拟数据 mark. */
  simulatedData?: boolean
}
