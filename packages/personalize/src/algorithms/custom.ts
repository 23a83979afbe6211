import type { ContentItem } from "@zephyr/zephyr";
import { findItem } from "../item.js";
import type { Algorithm } from "./algorithm.js";

/** The candidates named by `custom_keys`, in the order given; unknown or filtered-out keys are skipped. */
export const custom: Algorithm = ({ candidates, query }) => {
  const picked = new Set<ContentItem>();
  for (const key of query.customKeys ?? []) {
    const item = findItem(candidates, query.customKeyType, key);
    if (item) picked.add(item);
  }
  return [...picked];
};
