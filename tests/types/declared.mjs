// Reads names out of the package's declaration files with the TypeScript compiler API, so tests
// can compare the declarations with what the built module really exports.
import ts from "typescript";

const loaded = new Map();

/** Loads one declaration file into a program and returns its checker and module symbol. */
function load(path) {
  if (!loaded.has(path)) {
    loaded.set(path, compile(path));
  }
  return loaded.get(path);
}

function compile(path) {
  const program = ts.createProgram([path], {
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const host = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => process.cwd(),
      getNewLine: () => "\n",
    };
    throw new Error(ts.formatDiagnostics(diagnostics, host));
  }
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  if (!source) {
    throw new Error(`${path} was not loaded`);
  }
  return { checker, symbol: checker.getSymbolAtLocation(source) };
}

/** Returns the names of the values and types that a declaration file exports, sorted. */
export function declaredExports(path) {
  const { checker, symbol } = load(path);
  return checker
    .getExportsOfModule(symbol)
    .map((exported) => exported.getName())
    .sort();
}

/** Returns the names of the values (not the types) that a declaration file exports, sorted. */
export function declaredValueExports(path) {
  const { checker, symbol } = load(path);
  return checker
    .getExportsOfModule(symbol)
    .filter((exported) => {
      const target =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      return (target.flags & ts.SymbolFlags.Value) !== 0;
    })
    .map((exported) => exported.getName())
    .sort();
}

/** Returns the string literals of the union type alias `name` exported by `path`, sorted. */
export function declaredUnion(path, name) {
  const { checker, symbol } = load(path);
  const alias = checker.getExportsOfModule(symbol).find((s) => s.getName() === name);
  if (!alias) {
    throw new Error(`${path} exports no type ${name}`);
  }
  const type = checker.getDeclaredTypeOfSymbol(alias);
  const members = type.isUnion() ? type.types : [type];
  return members
    .filter((member) => member.isStringLiteral())
    .map((member) => member.value)
    .sort();
}

/** Returns the property names of the interface `name` exported by `path`, sorted. */
export function declaredMembers(path, name) {
  const { checker, symbol } = load(path);
  const exported = checker.getExportsOfModule(symbol).find((s) => s.getName() === name);
  if (!exported) {
    throw new Error(`${path} exports no interface ${name}`);
  }
  return checker
    .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(exported))
    .map((property) => property.getName())
    .sort();
}
