import type { Algorithm } from "./algorithm.js";

/** `size` candidates drawn with the render's seeded random (a partial Fisher–Yates shuffle of the pool order). */
export const random: Algorithm = ({ candidates, query, context }) => {
  const items = [...candidates];
  const count = Math.min(query.size, items.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(context.random() * (items.length - i));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, count);
};
