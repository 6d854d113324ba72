/**
 * The end of an exhaustive `switch`: it only compiles when every member was handled, so a new
 * job action fails the build until each adapter decides what to do with it.
 */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}
