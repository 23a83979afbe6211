/** The built-in functions: one family per file, gathered in one registry. */
import { dates } from "./dates.js";
import { lists } from "./lists.js";
import { misc } from "./misc.js";
import { numbers } from "./numbers.js";
import { personalization } from "./personalization.js";
import { platformFunctions } from "./platform.js";
import { createRegistry, type FunctionFamily } from "./registry.js";
import { strings } from "./strings.js";

/** The families in reference order, with a title and a one-line summary each. */
export const FAMILIES: readonly { title: string; summary: string; functions: FunctionFamily }[] = [
  {
    title: "Strings",
    summary: "Case, substrings, search and replace, split and join, escaping, hashes, base64.",
    functions: strings,
  },
  {
    title: "Lists and objects",
    summary:
      "Building, transforming, sorting and searching lists and objects; `length`, `contains` and `first` also take strings.",
    functions: lists,
  },
  { title: "Numbers", summary: "Formatting, conversion, rounding, arithmetic, random numbers.", functions: numbers },
  { title: "Dates", summary: "Formatting and parsing dates in the render's time zone and clock.", functions: dates },
  {
    title: "Types, variables and cancelling",
    summary: "Type names, assignment by name, assert and cancel.",
    functions: misc,
  },
  { title: "Personalization", summary: "Recommendations and interest scores.", functions: personalization },
  {
    title: "Sailthru platform",
    summary:
      'Recognised names that need Sailthru\'s services. Calling one is an error (`ZE_UNAVAILABLE`) outside Sailthru, unless the render uses platform stubs (`platform: "stub"`, CLI `--platform stub`, the default of `preview` and `serve`): then each returns the placeholder below, side effects do nothing, and the render reports one `ZI_PLATFORM_STUB` info diagnostic per function.',
    functions: platformFunctions,
  },
];

export const BUILTINS = createRegistry(FAMILIES.map((f) => f.functions));

export { dates, lists, misc, numbers, personalization, platformFunctions, strings };
