// Vite loads the package's default build, wasm-bindgen's bundler output, which imports its
// .wasm as an ES module. vite-plugin-wasm adds that WebAssembly ES module integration. The
// module instantiates with a top-level await, so the build target must be es2022 or later;
// older targets also need vite-plugin-top-level-await.
import { defineConfig } from "vite";
import wasm from "vite-plugin-wasm";

export default defineConfig({
  plugins: [wasm()],
  build: { target: "es2022" },
});
