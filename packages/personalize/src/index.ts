// The public API: the built-in content providers for `personalize()` and `horizon_select()`.
// Helpers shared with this project's other packages live on `@zephyr/personalize/internal`.
export { type Catalog, CatalogProvider, loadCatalog } from "./catalog.js";
export { type FeedOptions, FeedProvider } from "./feed.js";
export { StaticProvider } from "./static.js";
