/**
 * A function's answers remembered by argument, all forgotten at once past `limit`: for the URIs the
 * server spells and normalises on every keystroke and request, which stay few, so a rare clear
 * costs less than tracking which to drop.
 */
export function boundedMemo<Value>(limit: number, compute: (key: string) => Value): (key: string) => Value {
  const known = new Map<string, Value>();
  return (key) => {
    if (known.has(key)) {
      return known.get(key) as Value;
    }
    if (known.size >= limit) {
      known.clear();
    }
    const value = compute(key);
    known.set(key, value);
    return value;
  };
}
