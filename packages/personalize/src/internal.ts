// Helpers shared between this project's own packages. Not part of the public API: names here may change in any
// release. Everything on the main entry is here too.

export { checkCatalog } from "./catalog.js";
export { horizonSelect } from "./horizon.js";
export * from "./index.js";
export { normalizeTag } from "./item.js";
export { ALGORITHM_NAMES, type AlgorithmName } from "./request.js";
