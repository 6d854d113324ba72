// One jest run for the whole tree. Test files live in each workspace's test/ folder;
// *.unit.test.ts need nothing, *.integration.test.ts talk to the real Postgres and Redis.
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  testMatch: ["<rootDir>/{apps,packages}/*/test/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["ts-jest", { useESM: true, tsconfig: "<rootDir>/tsconfig.base.json" }],
  },
  testTimeout: 30_000,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
