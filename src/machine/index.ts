export * from './context.js';
export * from './deadlines.js';
export * from './domain.js';
export {
  type Advanced,
  type Clock,
  createJourneyEngine,
  JourneyEngine,
  ServiceTimeoutError,
} from './engine.js';
export * from './events.js';
export { LIMITS } from './limits.js';
export { type JourneyMachine, journeyMachine, MACHINE_VERSION } from './machine.js';
export * from './queries.js';
export * from './rules.js';
export * from './service-contract.js';
export type { AuditEmitted, JourneyEmitted, ViewMeta } from './setup.js';
export * from './validation.js';
export * from './views.js';
