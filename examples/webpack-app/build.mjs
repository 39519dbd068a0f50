// Bundles the app into dist/ with webpack's Node.js API, so no webpack-cli is needed, and
// copies index.html next to the bundle. Exits with status 1 when webpack reports an error.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import webpack from "webpack";

import config from "./webpack.config.js";

webpack(config, (error, stats) => {
  if (error || stats.hasErrors()) {
    console.error(error ?? stats.toString({ all: false, errors: true }));
    process.exit(1);
  }
  const page = join(config.output.path, "index.html");
  copyFileSync(join(config.output.path, "..", "index.html"), page);
  console.log(stats.toString({ all: false, assets: true }));
});
