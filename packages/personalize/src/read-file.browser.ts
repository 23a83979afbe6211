// Browsers have no file system: `loadCatalog(path)` fails with a clear cause (see read-file.ts).

/** Always rejects: there are no files to read in a browser. */
export function readTextFile(path: string): Promise<string> {
  return Promise.reject(
    new Error(`files cannot be read in a browser (${path}): pass the catalog object to new CatalogProvider(catalog)`),
  );
}
