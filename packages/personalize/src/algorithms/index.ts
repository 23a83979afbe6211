import type { AlgorithmName } from "../request.js";
import type { Algorithm } from "./algorithm.js";
import { context } from "./context.js";
import { custom } from "./custom.js";
import { interest } from "./interest.js";
import { popular } from "./popular.js";
import { random } from "./random.js";
import { purchased, viewed } from "./similar.js";
import { trending } from "./trending.js";

export const ALGORITHMS: Readonly<Record<AlgorithmName, Algorithm>> = {
  popular,
  trending,
  interest,
  context,
  purchased,
  viewed,
  random,
  custom,
};
