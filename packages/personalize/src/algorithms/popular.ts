import { rank, scoreEach } from "../rank.js";
import { dailyCounts, sum } from "../stats.js";
import type { Algorithm } from "./algorithm.js";

/** Most purchased over the stats window; views break ties (so with no purchase data at all, most viewed). */
export const popular: Algorithm = ({ candidates }) =>
  rank(scoreEach(candidates, (item) => [sum(dailyCounts(item, "purchases")), sum(dailyCounts(item, "views"))]));
