export * from './usePolling.ts'
export * from './useHealth.ts'
