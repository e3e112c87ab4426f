/**
 * Thrown by the single-object normalisers when an object cannot be turned into the model (the loaders turn
 * it into an `error` diagnostic and skip the object). `message` is `Kind namespace/name: field detail`.
 */
export class K8sObjectError extends Error {
  override readonly name = 'K8sObjectError';
  constructor(
    readonly code: string,
    message: string,
    /** The object's kind and `namespace/name` (or `name`), when known. */
    readonly objectKind?: string,
    readonly objectName?: string,
  ) {
    super(message);
  }
}
