import { createRandom } from "@zephyr/zephyr/internal";
/** Seeded test data: the same profiles and items on every run and in every child process. */

export type Profile = {
  id: string;
  email: string;
  keys: { sms: string };
  vars: { first_name?: string; last_name: string; loyalty_tier: string };
  lists: string[];
};
export type Item = {
  title: string;
  url: string;
  image: string;
  price: number;
};
/** What every engine renders from: `profile`, plus globals in `data` (the T2 item and the T3 items). */
export type Ctx = {
  profile: Profile;
  data: { item: Item; items: Item[] };
};

/** The engine's seeded PRNG (mulberry32). */
export const prng = createRandom;

const PLAIN = ["Ann", "Leo", "Maya", "Sam", "Olivia", "Noah", "Priya", "Kenji", "Fatima", "Lucas", "Emma", "Mateo"];
/** Names that break naive JSON templating: quotes, backslashes, newlines, control characters, emoji, non-Latin. */
export const TRICKY = [
  'Ann "The Hammer" O\\Neil',
  "Line\nBreak",
  "Tab\tbed",
  "back\\slash",
  'quote"only',
  "</script>",
  "O'Brien",
  "Zoë",
  "José",
  "李雷",
  "Ola 🎉",
  "Chloé 👩‍💻",
  "ctl\u0001char",
  "ß-Straße",
  "",
];
const LAST = ["Lee", "Garcia", "Smith", "Nguyen", "Müller", "Okafor"];
const TIERS = ["gold", "silver", "bronze"];
const AREA = ["202", "212", "303", "415", "617", "312", "206", "512"];

/** Profile number `i` of the stream seeded by `seed`: 85% plain names, 12% tricky names, 3% no first name. */
export function makeProfile(rand: () => number, i: number): Profile {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const r = rand();
  const first = r < 0.85 ? pick(PLAIN) : r < 0.97 ? pick(TRICKY) : undefined;
  const exchange = 200 + Math.floor(rand() * 799);
  const line = String(Math.floor(rand() * 10000)).padStart(4, "0");
  const vars: Profile["vars"] = { last_name: pick(LAST), loyalty_tier: pick(TIERS) };
  if (first !== undefined) vars.first_name = first;
  return {
    id: (0x5f1e2d3c + i).toString(16).padStart(24, "0"),
    email: `user${i}@example.com`,
    keys: { sms: `+1${pick(AREA)}${exchange === 555 ? 556 : exchange}${line}` },
    vars,
    lists: rand() < 0.5 ? ["Newsletter", "SMS Subscribers"] : ["SMS Subscribers"],
  };
}

export function makeProfiles(n: number, seed = 7): Profile[] {
  const rand = prng(seed);
  const out: Profile[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = makeProfile(rand, i);
  return out;
}

export const ITEMS: Item[] = [
  {
    title: 'Trail "Runner" 2',
    url: "https://shop.example.com/p/1",
    image: "https://img.example.com/1.jpg",
    price: 12900,
  },
  {
    title: "Café crème mug ☕",
    url: "https://shop.example.com/p/2",
    image: "https://img.example.com/2.jpg",
    price: 1800,
  },
  {
    title: "Back\\slash tee",
    url: "https://shop.example.com/p/3",
    image: "https://img.example.com/3.jpg",
    price: 2500,
  },
  { title: "Socks 3-pack", url: "https://shop.example.com/p/4", image: "https://img.example.com/4.jpg", price: 1200 },
  { title: "Rain jacket 🌧️", url: "https://shop.example.com/p/5", image: "https://img.example.com/5.jpg", price: 8900 },
];

const DATA = { item: ITEMS[0], items: ITEMS };

/** Render contexts for `profiles`; every engine reads the same objects. */
export function makeContexts(profiles: Profile[]): Ctx[] {
  return profiles.map((profile) => ({ profile, data: DATA }));
}

/** A sample for the byte-identity check: every tricky name, a profile with no first name, then the first n. */
export function checkSample(n = 300): Ctx[] {
  const base = makeProfiles(n, 11);
  const tricky = TRICKY.map((name, i) => ({ ...base[i], vars: { ...base[i].vars, first_name: name } }));
  const missing = { ...base[0], vars: { last_name: "Lee", loyalty_tier: "gold" } };
  return makeContexts([...tricky, missing, ...base]);
}
