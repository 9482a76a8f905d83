// Matches the code as it was written by hand: 2 spaces, single quotes,
// semicolons, trailing commas, and long lines (99% of lines are ≤ 138
// characters; 150 reformats the fewest files).
//
// `npm run format` writes every file; `npm run lint` checks every file.
/** @type {import('prettier').Config} */
export default {
  printWidth: 150,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
  endOfLine: 'lf',
};
