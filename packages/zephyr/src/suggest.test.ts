import { describe, expect, it } from "vitest";
import { closest, editDistance } from "./suggest.js";

describe("did-you-mean", () => {
  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistance("phnoe", "phone")).toBe(1);
    expect(editDistance("mediaURL", "mediaUrl")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests only close names", () => {
    expect(closest("uper", ["upper", "lower"])).toBe("upper");
    expect(closest("phnoe", ["phone", "email"])).toBe("phone");
    expect(closest("zzz", ["upper", "lower"])).toBeUndefined();
  });
});
