// Run Argdown's own pipeline on a file and print what it understood, as JSON on stdout.
//
// Usage: node tests/argdown_pipeline.js FILE.argdown
// Prints {"json": <Argdown's export-json text, parsed>, "errors": [parser and lexer messages]}.
// Used by tests/test_formats_argdown.py; needs `npm ci` (make test runs it) for @argdown/node.
"use strict";
const fs = require("fs");
const { argdown } = require("@argdown/node");

const input = fs.readFileSync(process.argv[2], "utf8");
argdown
  .runAsync({
    input,
    inputPath: process.argv[2],
    process: ["parse-input", "build-model", "build-map", "export-json"],
    logLevel: "error",
    throwExceptions: true,
  })
  .then((response) => {
    const errors = []
      .concat(response.lexerErrors || [], response.parserErrors || [])
      .map((e) => `${e.token ? e.token.startLine + ":" + e.token.startColumn + ": " : ""}${e.message}`);
    process.stdout.write(JSON.stringify({ json: JSON.parse(response.json), errors }));
  })
  .catch((err) => {
    process.stderr.write(String(err && err.stack ? err.stack : err) + "\n");
    process.exit(1);
  });
