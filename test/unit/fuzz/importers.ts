// The JSON importers to fuzz: each takes the text of a file a responder imports. The export
// domain (src/main/core/export/) adds its importer here when it lands.
export interface JsonImporter {
  name: string
  run(text: string): unknown
}

export function jsonImporters(): JsonImporter[] {
  return []
}
