package org.urja.simulator.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.urja.protocol.security.MeterSecrets;

/**
 * A fleet's key file, in the format the head-end imports ({@code POST /api/meter-keys/import}): CSV
 * with the header {@value #HEADER}, one meter per line, every value hex (the LLS password is the
 * hex of its ASCII bytes, as makes ship it). It holds every secret of every meter: treat the file
 * as a manufacturer's batch sheet, never commit or log it.
 */
public final class KeyFileExport {
  public static final String HEADER =
      "serial,system_title,lls_password,hls_secret,encryption_key,authentication_key";
  private static final HexFormat HEX = HexFormat.of();

  private KeyFileExport() {}

  /** The key file of {@code serials}, whose keys derive from {@code seed}. */
  public static String csv(long seed, List<String> serials) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (String serial : serials) {
      MeterSecrets s = SimulatedKeys.secrets(seed, serial);
      out.append(serial)
          .append(',')
          .append(HEX.formatHex(SimulatedKeys.systemTitle(serial)))
          .append(',')
          .append(HEX.formatHex(s.llsPassword().orElseThrow()))
          .append(',')
          .append(HEX.formatHex(s.hlsSecret().orElseThrow()))
          .append(',')
          .append(HEX.formatHex(s.encryptionKey().orElseThrow()))
          .append(',')
          .append(HEX.formatHex(s.authenticationKey().orElseThrow()))
          .append('\n');
    }
    return out.toString();
  }

  public static void write(Path file, String csv) throws IOException {
    Files.writeString(file, csv, StandardCharsets.US_ASCII);
  }
}
