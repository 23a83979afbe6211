// (a) The consumer run by Node as ES modules, reading the seed from the files beside it.
import { readFileSync } from "node:fs";
import { run } from "./consumer.js";

const read = (file: string) => readFileSync(new URL(file, import.meta.url), "utf8");
const inputs = JSON.parse(read("inputs.json"));
process.stdout.write(JSON.stringify(run(inputs)));
