/** Ends an exhaustive switch: adding a member to the union fails to compile until handled. */
export function assertNever(value: never): never {
  throw new Error(`unhandled value ${String(value)}`);
}
