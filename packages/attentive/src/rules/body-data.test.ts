import { describe, expect, it } from "vitest";
import { validatePayload } from "../validate.js";

const codes = (text: string) =>
  validatePayload(
    { to: "+12125551234", subscriptionType: "MARKETING", useShortLinks: false, skipFatigue: false, body: text },
    "text-send",
  ).map((d) => `${d.severity} ${d.code}`);

describe("AT_BODY_PLACEHOLDER", () => {
  it("warns about undefined, null, NaN and [object Object] printed into the text", () => {
    expect(codes("Hi undefined, your null order of NaN items: [object Object]")).toEqual(
      Array(4).fill("warning AT_BODY_PLACEHOLDER"),
    );
  });

  it("ignores the words inside other words", () => expect(codes("Nullify undefinedness? Banana.")).toEqual([]));
});

describe("AT_BODY_EMPTY_VARIABLE", () => {
  it("warns about doubled spaces and a space before a comma or full stop", () => {
    expect(codes("Hi  !")).toEqual(["warning AT_BODY_EMPTY_VARIABLE"]);
    expect(codes("Hi , your order shipped .")).toEqual(Array(2).fill("warning AT_BODY_EMPTY_VARIABLE"));
  });

  it("leaves a single space before ! ? ; : alone (French style, and the integration guide's own example)", () => {
    expect(codes("Hi, Ann ! Ready ? Go ; now : yes")).toEqual([]);
  });

  it("ignores emoticons, ellipses and normal punctuation", () => {
    expect(codes("Hi Ann! Wait ... :) it shipped, see example.com/x")).toEqual([]);
  });
});
