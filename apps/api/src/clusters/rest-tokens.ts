/** Injection tokens of the REST read side (the repositories api.ts builds on the shared pool). */
export const FLEET_REPOSITORY = Symbol('FleetRepository');
export const POSTURE_READ_REPOSITORY = Symbol('PostureReadRepository');
export const GRAPH_READ_REPOSITORY = Symbol('GraphReadRepository');
export const AUDIT_READ_REPOSITORY = Symbol('AuditReadRepository');
export const ALERT_REPOSITORY = Symbol('AlertRepository');
