/**
 * `compute` run once per argument object (held weakly): what hooks derive from a timeline is then
 * computed once, however many components ask and however many frames they render.
 */
export const memoPerObject = <Key extends object, Value>(compute: (key: Key) => Value): ((key: Key) => Value) => {
  const cache = new WeakMap<Key, Value>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key) as Value;
  };
};
