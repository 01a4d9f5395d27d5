package org.urja.ingest.keys;

import org.urja.protocol.security.MeterSecrets;

/**
 * One meter of a key file, parsed and valid.
 *
 * @param line the CSV line number (the header is line 1) or the position in a JSON array (from 1)
 */
public record KeyFileRow(int line, String serial, MeterSecrets secrets) {

  @Override
  public String toString() {
    return "KeyFileRow[line=" + line + ", serial=" + serial + ", " + secrets + "]";
  }
}
