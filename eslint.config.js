import tseslint from "typescript-eslint";

export default tseslint.config(
  // .tmp/ is scratch space (artifacts, experiments), ignored by git too; yaml-sync/index.js is
  // generated from yaml's code (scripts/yaml-sync.mjs).
  { ignores: ["**/dist/**", "dist-bundle/**", "**/node_modules/**", "**/*.tsbuildinfo", ".tmp/**", "packages/core/yaml-sync/index.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaVersion: "latest", sourceType: "module" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "always"],
      "no-console": "off",
    },
  },
  {
    // CommonJS files (the workspace bin): require() is how they load.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
