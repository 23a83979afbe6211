import { createSyntaxDiagramsCode } from "chevrotain";
import { serializedGrammar } from "./parser.js";

/**
 * Railroad diagrams of the grammar as one HTML page (grammar/diagrams.html is this, committed). Its scripts and
 * styles are Chevrotain's, copied beside it into grammar/diagrams-assets/ so the page works offline.
 */
export function diagramsHtml(): string {
  return createSyntaxDiagramsCode(serializedGrammar(), {
    resourceBase: "./diagrams-assets/",
    css: "./diagrams-assets/diagrams.css",
  });
}
