/**
 * List and object functions, and the generic ones that also take strings (`length`, `contains`, `first`).
 * None of them changes its arguments: they return new lists, and `push` assigns a new list to the variable.
 */
import { MEMORY_COST } from "../options.js";
import {
  describeType,
  equals,
  getMember,
  isForbiddenMember,
  isPlainObject,
  Lambda,
  numberOf,
  print,
  toNumber,
  truthy,
  typeOf,
} from "../values.js";
import {
  argError,
  chargeItems,
  chargeText,
  cpLength,
  cpSlice,
  dataObject,
  getField,
  invoke,
  lambdaArity,
  naturalCompare,
  param,
  reserveList,
  type StepBudget,
  stepBudget,
  toInt,
  ValueSet,
  valueKey,
} from "./helpers.js";
import type { FnContext, FunctionFamily } from "./registry.js";
import { sliceBounds } from "./strings.js";

function asList(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Sort comparator from `sort`'s second argument. */
function sortComparator(ctx: FnContext, method: unknown): ((a: unknown, b: unknown) => number) | undefined {
  if (method === undefined || method === null || method === "") return undefined;
  if (typeof method === "string") {
    const desc = method.startsWith("-");
    const field = desc ? method.slice(1) : method.startsWith("+") ? method.slice(1) : method;
    const budget = stepBudget(ctx);
    return desc
      ? (a, b) => naturalCompare(getField(b, field), getField(a, field), budget)
      : (a, b) => naturalCompare(getField(a, field), getField(b, field), budget);
  }
  if (method instanceof Lambda) {
    return (a, b) => {
      const r = invoke(ctx, method, [a, b]);
      const n = typeof r === "boolean" ? undefined : toNumber(r);
      if (n === undefined || Number.isNaN(n)) {
        return argError(
          ctx,
          "sort",
          `the comparator must return a number (negative, 0 or positive), got ${describeType(r)}`,
          "e.g. lambda a, b: a.price - b.price; or pass a one-argument lambda that returns the sort key",
        );
      }
      return n;
    };
  }
  return argError(
    ctx,
    "sort",
    `the sort method must be a field name ('price', '-price') or a lambda, got ${describeType(method)}`,
  );
}

function sortSteps(n: number): number {
  return n < 2 ? n : n * Math.ceil(Math.log2(n));
}

/** Key of a content item for `content_intersect`: its url when it has one, else its whole value. */
function contentKey(item: unknown, budget: StepBudget): string {
  const url = getMember(item, "url");
  return typeof url === "string" ? `url:${url}` : valueKey(item, budget);
}

export const lists: FunctionFamily = [
  {
    name: "length",
    signature: "length(any x) → number",
    description:
      "Characters in a string, items in a list, keys in an object; 0 for null; the printed length of a number or boolean.",
    params: [param("x", "any", { nullable: true })],
    examples: [
      { template: "{length('héllo')}", output: "5" },
      { template: "{length([1, 2, 3])}", output: "3" },
      { template: "{length({'a': 1, 'b': 2})}", output: "2" },
      { template: "{length(null)}", output: "0" },
    ],
    call(ctx, [x]) {
      switch (typeOf(x)) {
        case "null":
          return 0;
        case "string":
          chargeText(ctx, (x as string).length);
          return cpLength(x as string);
        case "list":
          return (x as unknown[]).length;
        case "object":
          return Object.keys(x as object).length;
        case "lambda":
          return argError(ctx, "length", "a lambda has no length");
        default:
          return print(x).length;
      }
    },
  },
  {
    name: "contains",
    signature: "contains(any haystack, any needle) → boolean",
    description:
      "Whether a list has an item equal to `needle`, a string contains `needle` as a substring, or an object has `needle` as a key. False for null.",
    params: [param("haystack", "any", { nullable: true }), param("needle", "any", { nullable: true })],
    examples: [
      { template: "{contains(['boots', 'hats'], 'boots')}", output: "true" },
      { template: "{contains('Warranty included', 'warranty')}", output: "false" },
      { template: "{contains(lower('Warranty included'), 'warranty')}", output: "true" },
      { template: "{contains({'vip': true}, 'vip')}", output: "true" },
      { template: "{contains([1, 2], '1')}", output: "false" },
    ],
    call(ctx, [haystack, needle]) {
      switch (typeOf(haystack)) {
        case "list": {
          const list = haystack as unknown[];
          // Strings of the needle's length are read to compare them.
          const n = typeof needle === "string" && needle.length >= 100 ? needle.length : -1;
          let read = 0;
          for (let i = 0; i < list.length; i++) {
            const item = list[i];
            if (typeof item === "string" && item.length === n) read += n;
            if (equals(item, needle)) {
              chargeItems(ctx, i + 1);
              chargeText(ctx, read);
              return true;
            }
          }
          chargeItems(ctx, list.length);
          chargeText(ctx, read);
          return false;
        }
        case "object": {
          const n = numberOf(needle);
          const key = n !== undefined ? print(n) : needle;
          return typeof key === "string" && !isForbiddenMember(key) && Object.hasOwn(haystack as object, key);
        }
        case "string":
        case "number":
        case "boolean": {
          const s = print(haystack);
          chargeText(ctx, s.length);
          return needle !== null && needle !== undefined && s.includes(print(needle, ctx.limits.outputSize));
        }
        default:
          return false;
      }
    },
  },
  {
    name: "first",
    signature: "first(any x [, any fallback]) → any",
    description:
      "The first item of a list, the first word of a string, or the first value of an object; `fallback` (default null) when there is none.",
    params: [param("x", "any", { nullable: true }), param("fallback", "any", { optional: true, nullable: true })],
    examples: [
      { template: "{first(['a', 'b'])}", output: "a" },
      { template: "{first('  Ann Marie Smith')}", output: "Ann" },
      { template: "{first([], 'none')}", output: "none" },
    ],
    returnsData: true,
    call(ctx, [x, fallback]) {
      const none = fallback === undefined ? null : fallback;
      switch (typeOf(x)) {
        case "list":
          return (x as unknown[]).length > 0 ? (x as unknown[])[0] : none;
        case "string": {
          const s = x as string;
          chargeText(ctx, s.length);
          const m = /\S+/u.exec(s);
          return m ? m[0] : none;
        }
        case "object": {
          for (const k in x as object) if (Object.hasOwn(x as object, k)) return (x as Record<string, unknown>)[k];
          return none;
        }
        case "null":
          return none;
        default:
          return x;
      }
    },
  },
  {
    name: "list",
    signature: "list(any x) → list",
    description: "Makes a list: a list is copied, null gives `[]`, anything else becomes a one-item list.",
    params: [param("x", "any", { nullable: true })],
    examples: [
      { template: "{list('a')}", output: "[a]" },
      { template: "{list([1, 2])}", output: "[1, 2]" },
      { template: "{length(list(null))}", output: "0" },
    ],
    call(ctx, [x]) {
      if (x === null || x === undefined) return [];
      if (Array.isArray(x)) {
        chargeItems(ctx, x.length);
        return x.slice();
      }
      return [x];
    },
  },
  {
    name: "map",
    signature: "map(list items, lambda fn) → list",
    description: "A new list of `fn(item)` for each item (a two-parameter lambda also receives the index).",
    params: [param("items", "list"), param("fn", "lambda")],
    examples: [
      { template: "{map([1, 2, 3], lambda x: x * 2)}", output: "[2, 4, 6]" },
      { template: "{map(['a', 'b'], lambda x, i: i + ':' + x)}", output: "[0:a, 1:b]" },
    ],
    call(ctx, [items, fn]) {
      const list = asList(items);
      chargeItems(ctx, list.length);
      const out = new Array(list.length);
      for (let i = 0; i < list.length; i++) out[i] = invoke(ctx, fn, [list[i], i]);
      return out;
    },
  },
  {
    name: "filter",
    signature: "filter(list items [, lambda fn]) → list",
    description:
      "A new list of the items for which `fn(item)` is truthy (a two-parameter lambda also receives the index); without `fn`, the truthy items.",
    params: [param("items", "list"), param("fn", "lambda", { optional: true })],
    examples: [
      { template: "{filter([1, 2, 3, 4], lambda x: x % 2 == 0)}", output: "[2, 4]" },
      { template: "{filter([0, 1, '', 'a', null])}", output: "[1, a]" },
    ],
    call(ctx, [items, fn]) {
      const list = asList(items);
      chargeItems(ctx, list.length);
      const out: unknown[] = [];
      for (let i = 0; i < list.length; i++) {
        if (truthy(fn === undefined ? list[i] : invoke(ctx, fn, [list[i], i]))) out.push(list[i]);
      }
      return out;
    },
  },
  {
    name: "filter_content",
    signature: "filter_content(list items, lambda fn) → list",
    description:
      "Like `filter`, for content lists (on Sailthru it also keeps items pinned by Recommendations; there is no pinning offline).",
    params: [param("items", "list"), param("fn", "lambda")],
    examples: [
      {
        template: "{map(filter_content([{'t': 'a', 'p': 5}, {'t': 'b', 'p': 50}], lambda c: c.p > 10), lambda c: c.t)}",
        output: "[b]",
      },
    ],
    call(ctx, [items, fn]) {
      const list = asList(items);
      chargeItems(ctx, list.length);
      const out: unknown[] = [];
      for (let i = 0; i < list.length; i++) if (truthy(invoke(ctx, fn, [list[i], i]))) out.push(list[i]);
      return out;
    },
  },
  {
    name: "push",
    signature: "push(string variable, any value) → null",
    description:
      "Appends `value` to the list held by the variable named `variable` (creating it when it is null) by assigning a new list; prints nothing.",
    params: [param("variable", "string"), param("value", "any", { nullable: true })],
    namesVariable: true,
    examples: [
      { template: "{xs = [1]}{push('xs', 2)}{xs}", output: "[1, 2]" },
      { template: "{push('seen', 'a')}{push('seen', 'b')}{seen}", output: "[a, b]" },
    ],
    call(ctx, [variable, value]) {
      const name = variable as string;
      const current = ctx.getVar(name);
      if (current === null || current === undefined) {
        ctx.setVar(name, [value]);
        return null;
      }
      if (!Array.isArray(current)) {
        return argError(ctx, "push", `variable '${name}' holds ${describeType(current)}, not a list`);
      }
      reserveList(ctx, "push", current.length + 1);
      ctx.alloc(MEMORY_COST.value + MEMORY_COST.listElement * (current.length + 1));
      const next = current.slice();
      next.push(value);
      ctx.setVar(name, next);
      return null;
    },
  },
  {
    name: "range",
    signature: "range(number start, number end [, number step]) → list",
    description:
      "The numbers from `start` to `end` inclusive, by `step` (default 1; a negative step counts down); empty when `end` is on the wrong side of `start`.",
    params: [param("start", "number"), param("end", "number"), param("step", "number", { optional: true })],
    examples: [
      { template: "{range(1, 5)}", output: "[1, 2, 3, 4, 5]" },
      { template: "{range(0, 10, 5)}", output: "[0, 5, 10]" },
      { template: "{range(3, 1, -1)}", output: "[3, 2, 1]" },
      { template: "{length(range(10, 2))}", output: "0" },
    ],
    call(ctx, [start, end, step]) {
      const a = start as number;
      const b = end as number;
      const s = step === undefined ? 1 : (step as number);
      if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(s)) {
        argError(ctx, "range", "start, end and step must be finite numbers");
      }
      if (s === 0) argError(ctx, "range", "step must not be 0");
      const span = (b - a) / s;
      if (span < 0) return [];
      const count = Math.floor(span + 1e-9) + 1;
      reserveList(ctx, "range", count);
      const out = new Array<number>(count);
      const integral = Number.isInteger(a) && Number.isInteger(s);
      for (let i = 0; i < count; i++) out[i] = integral ? a + i * s : Number((a + i * s).toPrecision(15));
      return out;
    },
  },
  {
    name: "shuffle",
    signature: "shuffle(list items) → list",
    description: "A new list with the items in random order (seeded by the render's `seed` option).",
    params: [param("items", "list")],
    examples: [
      { template: "{length(shuffle([1, 2, 3]))}", output: "3" },
      { template: "{sort(shuffle([3, 1, 2]))}", output: "[1, 2, 3]" },
    ],
    call(ctx, [items]) {
      const out = asList(items).slice();
      chargeItems(ctx, out.length);
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(ctx.random() * (i + 1));
        const t = out[i];
        out[i] = out[j];
        out[j] = t;
      }
      return out;
    },
  },
  {
    name: "slice",
    signature: "slice(list items, number offset [, number length]) → list",
    description:
      "`length` items from `offset` (0-based; default: to the end). A negative offset counts from the end; a negative length leaves that many items off the end. On a string, the same by characters.",
    params: [
      param("items", "any", { nullable: true }),
      param("offset", "number"),
      param("length", "number", { optional: true, nullable: true }),
    ],
    examples: [
      { template: "{slice([1, 2, 3, 4, 5], 1, 2)}", output: "[2, 3]" },
      { template: "{slice([1, 2, 3, 4, 5], 2)}", output: "[3, 4, 5]" },
      { template: "{slice([1, 2, 3, 4, 5], -2)}", output: "[4, 5]" },
      { template: "{slice([1, 2, 3, 4, 5], 0, -1)}", output: "[1, 2, 3, 4]" },
    ],
    call(ctx, [items, offset, length]) {
      const off = toInt(ctx, "slice", "offset", offset as number);
      const len = length === undefined || length === null ? undefined : toInt(ctx, "slice", "length", length as number);
      if (typeof items === "string") {
        chargeText(ctx, items.length);
        const [a, b] = sliceBounds(cpLength(items), off, len);
        return cpSlice(items, a, b);
      }
      if (items === null || items === undefined) return [];
      if (!Array.isArray(items)) return argError(ctx, "slice", `expected a list, got ${describeType(items)}`);
      const [a, b] = sliceBounds(items.length, off, len);
      chargeItems(ctx, b - a);
      return items.slice(a, b);
    },
  },
  {
    name: "sort",
    signature: "sort(list items [, string field | lambda fn]) → list",
    description:
      "A new, stably sorted list (the argument is not changed): natural order, by a field ('price', or '-price' for descending, dotted paths allowed), by a one-parameter key lambda, or by a two-parameter comparator lambda.",
    params: [param("items", "list"), param("method", "any", { optional: true, nullable: true })],
    examples: [
      { template: "{sort([5, 3, 12, 4, 1])}", output: "[1, 3, 4, 5, 12]" },
      { template: "{sort(['pear', 'Apple', 'fig'])}", output: "[Apple, fig, pear]" },
      {
        template: "{map(sort([{'n': 'a', 'p': 3}, {'n': 'b', 'p': 1}], '-p'), lambda c: c.n)}",
        output: "[a, b]",
      },
      { template: "{sort([3, 1, 2], lambda a, b: b - a)}", output: "[3, 2, 1]" },
      { template: "{sort(['ccc', 'a', 'bb'], lambda s: length(s))}", output: "[a, bb, ccc]" },
    ],
    call(ctx, [items, method]) {
      const list = asList(items);
      ctx.charge(Math.max(1, sortSteps(list.length)));
      // Comparing strings reads them: up to every string's length per level of the sort (long shared prefixes).
      let units = 0;
      for (const item of list) if (typeof item === "string") units += item.length;
      chargeText(ctx, units * Math.max(1, Math.ceil(Math.log2(list.length))));
      if (method instanceof Lambda && lambdaArity(method) === 1) {
        const keyed = list.map((item, index) => ({ item, key: invoke(ctx, method, [item]), index }));
        const budget = stepBudget(ctx);
        keyed.sort((x, y) => naturalCompare(x.key, y.key, budget));
        return keyed.map((k) => k.item);
      }
      const budget = stepBudget(ctx);
      const cmp = sortComparator(ctx, method) ?? ((a: unknown, b: unknown) => naturalCompare(a, b, budget));
      return list.slice().sort(cmp);
    },
  },
  {
    name: "keys",
    signature: "keys(object o) → list",
    description: "The keys of an object, in order (the indexes of a list; `[]` for null).",
    params: [param("o", "any", { nullable: true })],
    examples: [{ template: "{keys({'a': 1, 'b': 2})}", output: "[a, b]" }],
    call(ctx, [o]) {
      if (o === null || o === undefined) return [];
      if (Array.isArray(o)) {
        reserveList(ctx, "keys", o.length);
        return o.map((_v, i) => i);
      }
      if (isPlainObject(o)) {
        const k = Object.keys(o);
        chargeItems(ctx, k.length);
        return k;
      }
      return argError(ctx, "keys", `expected an object, got ${describeType(o)}`);
    },
  },
  {
    name: "values",
    signature: "values(object o) → list",
    description: "The values of an object, in key order (a copy of a list; `[]` for null).",
    params: [param("o", "any", { nullable: true })],
    examples: [{ template: "{values({'a': 1, 'b': 2})}", output: "[1, 2]" }],
    call(ctx, [o]) {
      if (o === null || o === undefined) return [];
      if (Array.isArray(o)) {
        chargeItems(ctx, o.length);
        return o.slice();
      }
      if (isPlainObject(o)) {
        const v = Object.values(o);
        chargeItems(ctx, v.length);
        return v;
      }
      return argError(ctx, "values", `expected an object, got ${describeType(o)}`);
    },
  },
  {
    name: "dedupe",
    signature: "dedupe(list items [, string field]) → list",
    description:
      "A new list without duplicates, keeping first occurrences: objects compare by `field` (default 'url'; dotted paths allowed; objects without it are kept), other items by value.",
    params: [param("items", "list"), param("field", "string", { optional: true })],
    examples: [
      { template: "{dedupe([1, 2, 1, 3, 2])}", output: "[1, 2, 3]" },
      {
        template: "{length(dedupe([{'url': 'a'}, {'url': 'b'}, {'url': 'a'}]))}",
        output: "2",
      },
      {
        template: "{map(dedupe([{'id': 1, 'n': 'x'}, {'id': 1, 'n': 'y'}], 'id'), lambda c: c.n)}",
        output: "[x]",
      },
    ],
    call(ctx, [items, field]) {
      const list = asList(items);
      const f = field === undefined || field === "" ? "url" : (field as string);
      chargeItems(ctx, list.length);
      const seen = new ValueSet(ctx, stepBudget(ctx));
      const keys = list.map((item) => (isPlainObject(item) ? getField(item, f) : item));
      seen.chargeFor(keys);
      const out: unknown[] = [];
      for (let i = 0; i < list.length; i++) {
        const key = keys[i];
        if (isPlainObject(list[i]) && (key === null || key === undefined)) out.push(list[i]);
        else if (seen.add(key)) out.push(list[i]);
      }
      return out;
    },
  },
  {
    name: "intersect",
    signature: "intersect(list a, list b) → list",
    description: "The items of `a` that are also in `b` (compared by value), in `a`'s order, without duplicates.",
    params: [param("a", "list"), param("b", "list")],
    examples: [{ template: "{intersect(['a', 'b', 'c', 'b'], ['b', 'c', 'd'])}", output: "[b, c]" }],
    call(ctx, [a, b]) {
      const x = asList(a);
      const y = asList(b);
      chargeItems(ctx, x.length + y.length);
      const budget = stepBudget(ctx);
      const inB = new ValueSet(ctx, budget);
      inB.chargeFor(x);
      inB.chargeFor(y);
      for (const v of y) inB.add(v);
      const seen = new ValueSet(ctx, budget);
      const out: unknown[] = [];
      for (const item of x) if (inB.has(item) && seen.add(item)) out.push(item);
      return out;
    },
  },
  {
    name: "content_intersect",
    signature: "content_intersect(list a, list b) → list",
    description:
      "The content items of `a` that are also in `b`, matched by `url` (items without a url by value), in `a`'s order, without duplicates.",
    params: [param("a", "list"), param("b", "list")],
    examples: [
      {
        template:
          "{map(content_intersect([{'url': 'u1', 'title': 'One'}, {'url': 'u2', 'title': 'Two'}], [{'url': 'u2'}]), lambda c: c.title)}",
        output: "[Two]",
      },
    ],
    call(ctx, [a, b]) {
      const x = asList(a);
      const y = asList(b);
      chargeItems(ctx, x.length + y.length);
      const budget = stepBudget(ctx);
      const inB = new Set(y.map((v) => contentKey(v, budget)));
      const seen = new Set<string>();
      const out: unknown[] = [];
      for (const item of x) {
        const k = contentKey(item, budget);
        if (inB.has(k) && !seen.has(k)) {
          seen.add(k);
          out.push(item);
        }
      }
      return out;
    },
  },
  {
    name: "bucket_list",
    signature: "bucket_list(list items, string field | lambda fn) → object",
    description:
      "Groups items into named buckets: an object from each printed key (a field of the item, dotted paths allowed, or `fn(item)`) to the list of items with that key, in first-seen order.",
    params: [param("items", "list"), param("method", "any")],
    examples: [
      {
        template: "{bucket_list([{'t': 'shoes', 'n': 1}, {'t': 'hats', 'n': 2}, {'t': 'shoes', 'n': 3}], 't').shoes}",
        output: '[{"t":"shoes","n":1}, {"t":"shoes","n":3}]',
      },
      { template: "{keys(bucket_list([1, 2, 3, 4], lambda x: x % 2 == 0 ? 'even' : 'odd'))}", output: "[odd, even]" },
    ],
    call(ctx, [items, method]) {
      const list = asList(items);
      let keyOf: (item: unknown) => unknown;
      if (typeof method === "string" && method !== "") keyOf = (item) => getField(item, method);
      else if (method instanceof Lambda) keyOf = (item) => invoke(ctx, method, [item]);
      else {
        return argError(
          ctx,
          "bucket_list",
          `the bucket method must be a field name or a lambda, got ${describeType(method)}`,
        );
      }
      chargeItems(ctx, list.length);
      const out = dataObject();
      for (const item of list) {
        const key = print(keyOf(item), ctx.limits.outputSize);
        const bucket = out[key] as unknown[] | undefined;
        // The buckets' lists (the object itself is charged by the call).
        ctx.alloc(MEMORY_COST.listElement + (bucket ? 0 : MEMORY_COST.value));
        if (bucket) bucket.push(item);
        else out[key] = [item];
      }
      return out;
    },
  },
];
