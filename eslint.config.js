// ESLint (flat config) for the browser code and its Node unit tests; Prettier formats them
// (.prettierrc), so no stylistic rules here.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: [
      "mkdocs_opdhub/theme/assets/opdhub/vendor/**",
      "mkdocs_opdhub/theme/assets/opdhub/offline/**",
      "node_modules/**",
      "site/**",
      ".venv/**",
    ],
  },
  js.configs.recommended,
  {
    files: ["mkdocs_opdhub/theme/assets/opdhub/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    // loaded as a classic script in the head (site/assets.py)
    files: ["mkdocs_opdhub/theme/assets/opdhub/has-js.js"],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
  {
    rules: {
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    // the graph page's drawing keeps its own (ES5) style until it is reworked on its own
    files: ["mkdocs_opdhub/theme/assets/opdhub/graph.js"],
    rules: { "no-var": "off", "prefer-const": "off" },
  },
];
