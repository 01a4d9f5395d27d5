package org.urja.ingest.keys;

import java.util.Optional;
import org.urja.protocol.security.MeterSecrets;

/**
 * One meter of a key file, parsed and valid.
 *
 * @param line the CSV line number (the header is line 1) or the position in a JSON array (from 1)
 * @param systemTitle the meter's system title as 16 upper-case hex digits, when the file gives it
 */
public record KeyFileRow(
    int line, String serial, MeterSecrets secrets, Optional<String> systemTitle) {

  public KeyFileRow(int line, String serial, MeterSecrets secrets) {
    this(line, serial, secrets, Optional.empty());
  }

  @Override
  public String toString() {
    return "KeyFileRow[line="
        + line
        + ", serial="
        + serial
        + ", "
        + secrets
        + systemTitle.map(t -> ", systemTitle=" + t).orElse("")
        + "]";
  }
}
