// Vite loads the package's default build, wasm-bindgen's bundler output, which imports its
// .wasm as an ES module. vite-plugin-wasm adds that WebAssembly ES module integration; the
// module instantiates with a top-level await, which the build target must allow.
import { defineConfig } from "vite";
import wasm from "vite-plugin-wasm";

export default defineConfig({
  plugins: [wasm()],
  build: { target: "es2022" },
  // The dev server's dependency pre-bundling would handle the .wasm import without the plugin.
  optimizeDeps: { exclude: ["pii-token"] },
});
