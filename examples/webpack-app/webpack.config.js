// webpack 5 loads the package's default build, wasm-bindgen's bundler output, which imports its
// .wasm as an ES module. `experiments.asyncWebAssembly` turns on that WebAssembly ES module
// integration, and webpack then fetches and instantiates the .wasm before the entry runs.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

export default {
  mode: "production",
  target: "web",
  entry: join(HERE, "src", "index.js"),
  output: { path: join(HERE, "dist"), filename: "main.js", publicPath: "/", clean: true },
  experiments: { asyncWebAssembly: true },
};
