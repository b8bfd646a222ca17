/** Output read by another program, which may stop reading: `npm start | head`. */

/**
 * Ends the process quietly, with status 0, once whoever reads `stream` has gone (EPIPE): output
 * nobody reads is not an error to report. Any other write error is thrown as before.
 */
export function exitQuietlyWhenReaderGoes(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
