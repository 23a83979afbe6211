export { type Catalog, CatalogProvider, checkCatalog, loadCatalog } from "./catalog.js";
export { type FeedOptions, FeedProvider } from "./feed.js";
export { horizonSelect } from "./horizon.js";
export { normalizeTag } from "./item.js";
export { ALGORITHM_NAMES, type AlgorithmName } from "./request.js";
export { StaticProvider } from "./static.js";
