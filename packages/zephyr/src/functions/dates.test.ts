import { describe, expect, it } from "vitest";
import { failure, run } from "./test-context.js";

const sec = (iso: string) => Date.parse(iso) / 1000;
const NY = { tz: "America/New_York" };

describe("date: SimpleDateFormat letters", () => {
  const ts = sec("2024-03-15T09:05:07.042Z"); // a Friday
  it.each([
    ["yyyy-MM-dd HH:mm:ss.SSS", "2024-03-15 09:05:07.042"],
    ["yy y yyy yyyyy", "24 2024 2024 02024"],
    ["M MM MMM MMMM MMMMM L LLL", "3 03 Mar March March 3 Mar"],
    ["d dd D DDD", "15 15 75 075"],
    ["E EE EEE EEEE u", "Fri Fri Fri Friday 5"],
    ["F W w ww Y", "3 3 11 11 2024"],
    ["a H k K h hh m mm s S", "AM 9 9 9 9 09 5 05 7 42"],
    ["G", "AD"],
    ["z zzzz Z X XX XXX", "UTC Coordinated Universal Time +0000 Z Z Z"],
    ["yyyy-MM-dd'T'HH:mm:ss'Z'", "2024-03-15T09:05:07Z"],
    ["h 'o''clock' ''", "9 o'clock '"],
    ["'at' h:mm, EEE", "at 9:05, Fri"],
    ["", ""],
    ["-- / , . : 123", "-- / , . : 123"],
  ])("date(%j) = %j", (pattern, out) => {
    expect(run("date", [pattern, ts])).toBe(out);
  });

  it("handles midnight and noon in the 12- and 24-hour letters", () => {
    const midnight = sec("2024-03-15T00:30:00Z");
    const noon = sec("2024-03-15T12:30:00Z");
    expect(run("date", ["H k K h a", midnight])).toBe("0 24 0 12 AM");
    expect(run("date", ["H k K h a", noon])).toBe("12 12 0 12 PM");
  });

  it("uses the en-US week rules of Java's default calendar", () => {
    expect(run("date", ["w Y / yyyy", sec("2024-12-31T12:00:00Z")])).toBe("1 2025 / 2024");
    expect(run("date", ["w Y", sec("2024-12-28T12:00:00Z")])).toBe("52 2024");
    expect(run("date", ["w", sec("2024-01-06T12:00:00Z")])).toBe("1");
    expect(run("date", ["w", sec("2024-01-07T12:00:00Z")])).toBe("2");
    expect(run("date", ["D", sec("2024-12-31T12:00:00Z")])).toBe("366");
    expect(run("date", ["W F", sec("2024-03-31T12:00:00Z")])).toBe("6 5");
  });

  it("defaults to now and to 'MMMM d, yyyy'", () => {
    expect(run("date", [])).toBe("March 15, 2024");
    expect(run("date", ["EEEE"])).toBe("Friday");
    expect(run("date", ["E"], { now: "2011-07-25T12:00:00Z" })).toBe("Mon");
  });

  it("takes fractional, negative and string timestamps", () => {
    expect(run("date", ["HH:mm:ss.SSS", 1.5])).toBe("00:00:01.500");
    expect(run("date", ["yyyy-MM-dd HH:mm", -86400])).toBe("1969-12-31 00:00");
    expect(run("date", ["yyyy", "1700000000"])).toBe("2023");
    expect(run("date", ["MMM d, yyyy", "2012-01-31"])).toBe("Jan 31, 2012");
    expect(run("date", ["yyyy-MM-dd", "tomorrow"])).toBe("2024-03-16");
    expect(run("date", ["G yyyy", sec("0000-06-01T00:00:00Z")])).toBe("BC 0001");
  });

  it("gives null for a null timestamp (missing data prints nothing)", () => {
    expect(run("date", ["yyyy", null])).toBeNull();
    expect(run("date", ["yyyy", ""])).toBeNull();
  });

  it("rejects bad patterns, timestamps and zones with clear errors", () => {
    let f = failure(() => run("date", ["yyyy-MM-dd at HH", 0]));
    expect(f.code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(f.message).toBe(
      "date(): 'yyyy-MM-dd at HH' is not a valid date format: 't' is not a pattern letter (quote literal text, e.g. 'at')",
    );
    expect(f.hint).toContain("SimpleDateFormat");
    expect(failure(() => run("date", ["'yyyy", 0])).message).toContain("an unterminated quote");
    expect(failure(() => run("date", ["XXXX", 0])).message).toContain("'X' may be repeated at most 3 times");
    expect(failure(() => run("date", ["yyyy", 1e20])).message).toContain("out of range");
    expect(failure(() => run("date", ["yyyy", [1]])).message).toContain("got a list");
    expect(failure(() => run("date", ["yyyy", "someday"])).message).toContain("date(): cannot read 'someday'");
    f = failure(() => run("date", ["yyyy"], { tz: "Mars/Olympus" }));
    expect(f.message).toBe("date(): unknown time zone 'Mars/Olympus'");
    expect(f.hint).toContain("America/New_York");
  });
});

describe("date: time zones and daylight saving", () => {
  it("formats in the render's zone", () => {
    const ts = sec("2024-07-04T16:30:00Z");
    expect(run("date", ["yyyy-MM-dd HH:mm z zzzz Z XXX", ts], NY)).toBe(
      "2024-07-04 12:30 EDT Eastern Daylight Time -0400 -04:00",
    );
    expect(run("date", ["yyyy-MM-dd HH:mm z Z", sec("2024-01-04T16:30:00Z")], NY)).toBe("2024-01-04 11:30 EST -0500");
    expect(run("date", ["HH:mm Z X XX XXX", ts], { tz: "Asia/Kolkata" })).toBe("22:00 +0530 +05 +0530 +05:30");
    expect(run("date", ["yyyy-MM-dd HH:mm", ts], { tz: "Pacific/Kiritimati" })).toBe("2024-07-05 06:30");
    expect(run("date", ["EEEE HH:mm", sec("2024-03-15T02:00:00Z")], { tz: "America/Los_Angeles" })).toBe(
      "Thursday 19:00",
    );
  });
  it("follows the spring-forward and fall-back changes", () => {
    expect(run("date", ["MM-dd HH:mm:ss z", sec("2024-03-10T06:59:59Z")], NY)).toBe("03-10 01:59:59 EST");
    expect(run("date", ["MM-dd HH:mm:ss z", sec("2024-03-10T07:00:00Z")], NY)).toBe("03-10 03:00:00 EDT");
    expect(run("date", ["MM-dd HH:mm z", sec("2024-11-03T05:30:00Z")], NY)).toBe("11-03 01:30 EDT");
    expect(run("date", ["MM-dd HH:mm z", sec("2024-11-03T06:30:00Z")], NY)).toBe("11-03 01:30 EST");
    expect(run("date", ["MM-dd HH:mm z", sec("2024-03-31T01:30:00Z")], { tz: "Europe/London" })).toBe(
      "03-31 02:30 GMT+1",
    );
  });
  it("uses the zone's date for the default format", () => {
    expect(run("date", [], { now: "2024-03-16T02:00:00Z", tz: "America/Chicago" })).toBe("March 15, 2024");
  });
});

describe("time: now and relative forms (now = Fri 2024-03-15 12:00 UTC)", () => {
  it.each([
    [[], "2024-03-15T12:00:00Z"],
    [["now"], "2024-03-15T12:00:00Z"],
    [["NOW"], "2024-03-15T12:00:00Z"],
    [["+1 week"], "2024-03-22T12:00:00Z"],
    [["-1 week"], "2024-03-08T12:00:00Z"],
    [["+2 days"], "2024-03-17T12:00:00Z"],
    [["2 days"], "2024-03-17T12:00:00Z"],
    [["-1 year"], "2023-03-15T12:00:00Z"],
    [["+3 hours"], "2024-03-15T15:00:00Z"],
    [["+60 minutes"], "2024-03-15T13:00:00Z"],
    [["+90 mins -30 secs"], "2024-03-15T13:29:30Z"],
    [["+1 month"], "2024-04-15T12:00:00Z"],
    [["+1 fortnight"], "2024-03-29T12:00:00Z"],
    [["+1 week 2 days"], "2024-03-24T12:00:00Z"],
    [["3 days ago"], "2024-03-12T12:00:00Z"],
    [["1 year 2 months ago"], "2023-01-15T12:00:00Z"],
    [["next week"], "2024-03-22T12:00:00Z"],
    [["last month"], "2024-02-15T12:00:00Z"],
    [["next year"], "2025-03-15T12:00:00Z"],
    [["today"], "2024-03-15T00:00:00Z"],
    [["midnight"], "2024-03-15T00:00:00Z"],
    [["noon"], "2024-03-15T12:00:00Z"],
    [["tomorrow"], "2024-03-16T00:00:00Z"],
    [["yesterday"], "2024-03-14T00:00:00Z"],
    [["tomorrow noon"], "2024-03-16T12:00:00Z"],
    [["tomorrow 9:30am"], "2024-03-16T09:30:00Z"],
    [["wednesday"], "2024-03-20T00:00:00Z"],
    [["Wed"], "2024-03-20T00:00:00Z"],
    [["friday"], "2024-03-15T00:00:00Z"],
    [["this friday"], "2024-03-15T00:00:00Z"],
    [["next friday"], "2024-03-22T00:00:00Z"],
    [["last friday"], "2024-03-08T00:00:00Z"],
    [["next monday"], "2024-03-18T00:00:00Z"],
    [["last monday"], "2024-03-11T00:00:00Z"],
    [["saturday 10am"], "2024-03-16T10:00:00Z"],
    [["+2 weeks Wednesday 3 PM"], "2024-04-03T15:00:00Z"],
    [["+1 week monday"], "2024-03-25T00:00:00Z"],
    [["3 PM"], "2024-03-15T15:00:00Z"],
    [["3pm"], "2024-03-15T15:00:00Z"],
    [["3:30 p.m."], "2024-03-15T15:30:00Z"],
    [["12 AM"], "2024-03-15T00:00:00Z"],
    [["12:15 pm"], "2024-03-15T12:15:00Z"],
    [["15:30"], "2024-03-15T15:30:00Z"],
    [["15:30:45"], "2024-03-15T15:30:45Z"],
    [["first day of next month"], "2024-04-01T12:00:00Z"],
    [["last day of this month"], "2024-03-31T12:00:00Z"],
    [["first day of next month midnight"], "2024-04-01T00:00:00Z"],
    [["@1700000000"], "2023-11-14T22:13:20Z"],
    [["@1700000000 +1 day"], "2023-11-15T22:13:20Z"],
  ])("time%j = %s", (args, iso) => {
    expect(run("time", args)).toBe(sec(iso));
  });

  it("clamps month arithmetic to the end of the month (decided)", () => {
    expect(run("time", ["+1 month", sec("2024-01-31T08:00:00Z")])).toBe(sec("2024-02-29T08:00:00Z"));
    expect(run("time", ["+1 year", sec("2024-02-29T08:00:00Z")])).toBe(sec("2025-02-28T08:00:00Z"));
    expect(run("time", ["-1 month", sec("2024-03-31T08:00:00Z")])).toBe(sec("2024-02-29T08:00:00Z"));
  });

  it("takes `now` as its second argument and returns whole seconds", () => {
    expect(run("time", ["+1 hour", 0])).toBe(3600);
    expect(run("time", [], { now: Date.parse("2024-03-15T12:00:00.999Z") })).toBe(sec("2024-03-15T12:00:00Z"));
    expect(run("time", ["now", null])).toBe(sec("2024-03-15T12:00:00Z"));
  });
});

describe("time: absolute dates", () => {
  it.each([
    ["Jan 31, 2012", "2012-01-31T00:00:00Z"],
    ["January 31 2012", "2012-01-31T00:00:00Z"],
    ["jan. 31st, 2012", "2012-01-31T00:00:00Z"],
    ["Jan 31", "2024-01-31T00:00:00Z"],
    ["31 January 2012", "2012-01-31T00:00:00Z"],
    ["31-jan-2012", "2012-01-31T00:00:00Z"],
    ["1st of May 2020", "2020-05-01T00:00:00Z"],
    ["January 2012", "2012-01-01T00:00:00Z"],
    ["1/31/12", "2012-01-31T00:00:00Z"],
    ["1/31/99", "1999-01-31T00:00:00Z"],
    ["1/31/2012", "2012-01-31T00:00:00Z"],
    ["12/25", "2024-12-25T00:00:00Z"],
    ["31.01.2012", "2012-01-31T00:00:00Z"],
    ["2012/01/31", "2012-01-31T00:00:00Z"],
    ["2012-01-31", "2012-01-31T00:00:00Z"],
    ["2012-1-5", "2012-01-05T00:00:00Z"],
    ["2012-01-31 19:00", "2012-01-31T19:00:00Z"],
    ["2012-01-31 19:00:34", "2012-01-31T19:00:34Z"],
    ["2023-11-01 19:00:34.733Z", "2023-11-01T19:00:34Z"],
    ["2023-11-01T19:00:34.733Z", "2023-11-01T19:00:34Z"],
    ["2012-01-31T19:00:34+02:00", "2012-01-31T17:00:34Z"],
    ["2012-01-31T19:00:34-0530", "2012-02-01T00:30:34Z"],
    ["2012-01-31T19:00:34+02", "2012-01-31T17:00:34Z"],
    ["2012-01-31 19:00 UTC", "2012-01-31T19:00:00Z"],
    ["Tue, 31 Jan 2012 10:00:00 +0000", "2012-01-31T10:00:00Z"],
    ["Tue, 31 Jan 2012 10:00:00 GMT", "2012-01-31T10:00:00Z"],
    ["Jan 31, 2012 3 PM", "2012-01-31T15:00:00Z"],
    ["Jan 31, 2012 3:45:10 pm", "2012-01-31T15:45:10Z"],
    ["2012-01-31 -1 day", "2012-01-30T00:00:00Z"],
    ["2012-01-31 +1 month", "2012-02-29T00:00:00Z"],
    ["2024-02-29", "2024-02-29T00:00:00Z"],
  ])("time(%j) = %s", (input, iso) => {
    expect(run("time", [input])).toBe(sec(iso));
  });

  it("passes numbers through and gives null for null or empty input", () => {
    expect(run("time", [1700000000.7])).toBe(1700000000);
    expect(run("time", [null])).toBeNull();
    expect(run("time", ["  "])).toBeNull();
  });

  it.each([
    ["garbage", "'garbage' is not understood"],
    ["next blursday", "'next blursday' is not understood"],
    ["+1 fortnite", "'+1' is not understood"],
    ["2012-02-30", "2012-02-30 is not a date"],
    ["2023-02-29", "2023-02-29 is not a date"],
    ["13/45/12", "2012-13-45 is not a date"],
    ["25:00", "25:00 is not a time of day"],
    ["13 PM", "hours go from 1 to 12"],
    ["Jan 31, 2012 2012-01-31", "two dates"],
    ["3 PM 4 PM", "two times of day"],
    ["monday tuesday", "two weekdays"],
  ])("time(%j) fails: %s", (input, why) => {
    const f = failure(() => run("time", [input]));
    expect(f.code).toBe("ZE_FUNCTION_ARGUMENT");
    expect(f.message).toContain(`time(): cannot read '${input}' as a date or time: `);
    expect(f.message).toContain(why);
    expect(f.hint).toContain("'+2 weeks Wednesday 3 PM'");
    expect(f.hint).toContain("'Jan 31, 2012'");
  });

  it("rejects values that are not strings or numbers", () => {
    expect(failure(() => run("time", [[1]])).message).toBe("time(): expected a date or time string, got a list");
  });
});

describe("time: zones and daylight saving (America/New_York)", () => {
  const beforeSpring = { ...NY, now: "2024-03-09T17:00:00Z" }; // Sat 12:00 EST, the day before clocks go forward
  it("reads dates and times on the zone's wall clock", () => {
    expect(run("time", ["2012-01-31"], NY)).toBe(sec("2012-01-31T05:00:00Z"));
    expect(run("time", ["2012-07-31 09:00"], NY)).toBe(sec("2012-07-31T13:00:00Z"));
    expect(run("time", ["2012-07-31T09:00:00Z"], NY)).toBe(sec("2012-07-31T09:00:00Z"));
    expect(run("time", ["today"], { ...NY, now: "2024-03-15T02:00:00Z" })).toBe(sec("2024-03-14T04:00:00Z"));
  });
  it("keeps the wall time across a change for days, and elapsed time for hours (decided)", () => {
    expect(run("time", ["tomorrow"], beforeSpring)).toBe(sec("2024-03-10T05:00:00Z"));
    expect(run("time", ["+1 day"], beforeSpring)).toBe(sec("2024-03-10T16:00:00Z"));
    expect(run("time", ["+24 hours"], beforeSpring)).toBe(sec("2024-03-10T17:00:00Z"));
    expect(run("time", ["+1 week"], beforeSpring)).toBe(sec("2024-03-16T16:00:00Z"));
  });
  it("moves a skipped time forward and takes the first of a repeated time", () => {
    expect(run("time", ["2024-03-10 02:30"], NY)).toBe(sec("2024-03-10T07:30:00Z"));
    expect(run("date", ["HH:mm z", run("time", ["2024-03-10 02:30"], NY)], NY)).toBe("03:30 EDT");
    expect(run("time", ["2024-11-03 01:30"], NY)).toBe(sec("2024-11-03T05:30:00Z"));
    expect(run("time", ["2024-11-03 01:30 -0500"], NY)).toBe(sec("2024-11-03T06:30:00Z"));
  });
  it("keeps `now` exact inside a repeated hour", () => {
    const now = { ...NY, now: "2024-11-03T06:15:00Z" }; // 01:15 EST, the second 01:15 of the night
    expect(run("time", ["now"], now)).toBe(sec("2024-11-03T06:15:00Z"));
    expect(run("time", ["+1 hour"], now)).toBe(sec("2024-11-03T07:15:00Z"));
  });
  it("fails clearly on an unknown zone", () => {
    expect(failure(() => run("time", ["now"], { tz: "Nowhere/Special" })).message).toBe(
      "time(): unknown time zone 'Nowhere/Special'",
    );
  });
});
