/**
 * The end of an exhaustive `switch`: it only compiles when every member was handled, so a new
 * member fails the build until each switch over it is updated.
 */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}
