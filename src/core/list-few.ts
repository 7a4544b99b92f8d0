/**
 * A list for a message that stays readable however long the list is: the first `max` items and
 * "and N more": `"a", "b", "c" and 61 more`.
 */
export const listFew = (items: readonly string[], max = 5): string => {
  if (items.length <= max) {
    return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  }
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
};
