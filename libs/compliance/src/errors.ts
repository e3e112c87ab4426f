/** The library's one error type: a code a caller can map (CLI exit code, HTTP status) and a message a person can act on. */
export type ComplianceErrorCode = 'BAD_SCOPE' | 'BAD_FRAMEWORK' | 'BAD_APPROVED_FLOWS' | 'BAD_INPUT';

export class ComplianceError extends Error {
  constructor(
    readonly code: ComplianceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ComplianceError';
  }
}
