/**
 * A function's answers remembered by argument, all forgotten at once past `limit`: for the URIs the
 * server spells and normalises on every keystroke and request, and the links an open KPEP's checks
 * resolve on every keystroke, which stay few, so a rare clear costs less than tracking which to drop.
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

/**
 * A boundedMemo for one place at a time (a document's path, say): the answers for the last place
 * asked about, forgotten when another is. An open KPEP's checks ask about the same place on every
 * keystroke, while `kpep lint` goes through thousands once each and must not keep them all.
 */
export function lastPlaceMemo<Place, Value>(options: {
  readonly limit: number;
  readonly samePlace: (a: Place, b: Place) => boolean;
  readonly compute: (place: Place, key: string) => Value;
}): (place: Place, key: string) => Value {
  let last: { readonly place: Place; readonly answer: (key: string) => Value } | undefined;
  return (place, key) => {
    if (!last || !options.samePlace(last.place, place)) {
      last = { place, answer: boundedMemo(options.limit, (memoKey) => options.compute(place, memoKey)) };
    }
    return last.answer(key);
  };
}
