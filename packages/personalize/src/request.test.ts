import { ZephyrError } from "@zephyr/zephyr";
import { describe, expect, it } from "vitest";
import { context, smallCatalog } from "../test/helpers.js";
import { CatalogProvider } from "./catalog.js";

const provider = new CatalogProvider(smallCatalog());

function errorOf(request: Record<string, unknown>): ZephyrError {
  try {
    provider.personalize(request, context());
  } catch (e) {
    if (e instanceof ZephyrError) return e;
    throw e;
  }
  throw new Error("expected a ZephyrError");
}

describe("request errors", () => {
  it("an unknown algorithm lists the valid ones and suggests the closest", () => {
    const e = errorOf({ algorithm: "trendng" });
    expect(e.code).toBe("ZE_PERSONALIZE_UNKNOWN_ALGORITHM");
    expect(e.message).toBe(
      "personalize() algorithm 'trendng' is not valid. Did you mean 'trending'? " +
        "Valid algorithm values: popular, trending, interest, context, purchased, viewed, random, custom",
    );
    expect(errorOf({ algorithm: 3 }).message).toContain("algorithm number 3 is not valid");
  });

  it("a missing algorithm lists the valid ones", () => {
    const e = errorOf({ size: 3 });
    expect(e.code).toBe("ZE_PERSONALIZE_MISSING_PARAM");
    expect(e.message).toContain("one of popular, trending, interest, context, purchased, viewed, random, custom");
  });

  it("an unknown parameter suggests the closest and lists them all", () => {
    const e = errorOf({ algorithm: "popular", include_tag_any: "x" });
    expect(e.code).toBe("ZE_PERSONALIZE_UNKNOWN_PARAM");
    expect(e.message).toMatch(
      /^personalize\(\) has no parameter 'include_tag_any'\. Did you mean 'include_tags_any'\? Parameters: /,
    );
    expect(e.message).toContain("Parameters: algorithm, size, content, include_tags_all");
    expect(errorOf({ algorithm: "popular", colour: "red" }).message).not.toContain("Did you mean");
  });

  it.each([
    [{ size: "5" }, "'size' must be a whole number of items, 0 or more, not the string \"5\""],
    [{ size: -1 }, "'size' must be a whole number of items, 0 or more, not number -1"],
    [{ size: 2.5 }, "'size' must be a whole number of items, 0 or more, not number 2.5"],
    [{ allow_expired: "yes" }, "'allow_expired' must be true or false, not the string \"yes\""],
    [{ image_required: 0 }, "'image_required' must be true or false, not number 0"],
    [{ include_vars: [] }, "'include_vars' must be true or false, not a list"],
    [
      { include_tags_any: 5 },
      "'include_tags_any' must be a list of tags or a comma-separated string of tags, not number 5",
    ],
    [
      { exclude_tags_all: ["a", 1] },
      "'exclude_tags_all' must be a list of tags or a comma-separated string of tags, not a list",
    ],
    [{ content: [{ title: "x" }, "y"] }, "'content' must be a list of content items (objects), not a list"],
    [{ content: {} }, "'content' must be a list of content items (objects), not an object"],
  ])("a bad parameter type names the expected type: %j", (bad, message) => {
    const e = errorOf({ algorithm: "popular", ...bad });
    expect(e.code).toBe("ZE_PERSONALIZE_BAD_PARAM");
    expect(e.message).toBe(`personalize() parameter ${message}`);
  });

  it("a bad key type lists the valid ones", () => {
    const e = errorOf({ algorithm: "context", context_key_type: "isbn", context_key: "1" });
    expect(e.code).toBe("ZE_PERSONALIZE_BAD_PARAM");
    expect(e.message).toBe(
      "personalize() context_key_type 'isbn' is not valid. Valid context_key_type values: url, sku, title, content_id",
    );
    expect(errorOf({ algorithm: "custom", custom_key_type: "SKU", custom_keys: [] }).message).toContain(
      "Did you mean 'sku'?",
    );
  });

  it("context and custom need their keys", () => {
    expect(errorOf({ algorithm: "context" }).message).toBe("personalize() algorithm 'context' needs 'context_key'");
    expect(errorOf({ algorithm: "custom" }).message).toBe("personalize() algorithm 'custom' needs 'custom_keys'");
    expect(errorOf({ algorithm: "custom", custom_keys: "a,b" }).message).toContain("must be a list of keys (strings)");
    expect(errorOf({ algorithm: "context", context_key: { url: "x" } }).message).toContain(
      "'context_key' must be a string",
    );
  });

  it("null parameters count as not given", () => {
    expect(provider.personalize({ algorithm: "popular", size: null, content: null }, context())).toHaveLength(5);
  });
});
