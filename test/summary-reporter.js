// Prints the run's totals as one plain line ("N passed, N failed, N skipped"), the closing
// line CI reads to know how many tests ran, after jest's own summary.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    console.log(
      `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
    );
  }
}
