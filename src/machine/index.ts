export * from './actors.js';
export * from './context.js';
export * from './events.js';
export { LIMITS } from './limits.js';
export { type JourneyMachine, journeyMachine, MACHINE_VERSION } from './machine.js';
export * from './queries.js';
export type { AuditEmitted, ViewMeta } from './setup.js';
export * from './validation.js';
export * from './views.js';
