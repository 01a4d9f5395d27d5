package org.urja.ingest.store;

/**
 * The batch writer was closed before it took a submission: the node is stopping. Not the data's
 * fault: a listener leaves the message unacknowledged (the broker delivers it again to whoever
 * serves next) without counting it as a failed attempt.
 */
public final class WriterClosedException extends IllegalStateException {
  public WriterClosedException() {
    super("batch writer is closed");
  }
}
