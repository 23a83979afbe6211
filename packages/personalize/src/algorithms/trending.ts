import { rank, scoreEach } from "../rank.js";
import { recentAndPrevious } from "../stats.js";
import type { Algorithm } from "./algorithm.js";

/**
 * Biggest relative rise of activity (views + purchases): (last 7 days + 1) / (previous 7 days + 1), then the last
 * 7 days' activity. The +1 keeps items with no earlier activity finite (0 → 4 scores 5) and damps tiny counts.
 */
export const trending: Algorithm = ({ candidates }) =>
  rank(
    scoreEach(candidates, (item) => {
      const { recent, previous } = recentAndPrevious(item);
      return [(recent + 1) / (previous + 1), recent];
    }),
  );
