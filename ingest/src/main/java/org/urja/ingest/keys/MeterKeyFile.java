package org.urja.ingest.keys;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.urja.ingest.identity.MeterSerials;
import org.urja.protocol.security.MeterSecrets;
import org.urja.protocol.security.SystemTitles;

/**
 * Reads the key file a manufacturer ships with a batch of meters: one meter per row, its serial and
 * its secrets in hex (an empty cell or a missing field: that secret was not shipped).
 *
 * <ul>
 *   <li>CSV: a header row naming the columns, in any order: {@code serial} and any of {@code
 *       system_title}, {@code lls_password}, {@code hls_secret}, {@code encryption_key}, {@code
 *       authentication_key} (also {@code systemTitle}, {@code llsPassword}…, or the short forms
 *       {@code lls}, {@code hls}, {@code ek}, {@code ak}); then one meter per line. The system
 *       title (16 hex digits) is an identifier, not a secret, and unique within a file. Blank lines
 *       and lines starting with {@code #} are skipped; problems are reported by line number (the
 *       header is line 1).
 *   <li>JSON: an array of objects (or {@code {"meters": [...]}}) with the same names; problems are
 *       reported by the line where the meter's object starts.
 * </ul>
 *
 * <p>Every row is checked; the caller decides what a problem means (the import refuses the whole
 * file). Problems never quote a secret.
 */
public final class MeterKeyFile {
  /** Problems listed in full; past this many only the count is added. */
  public static final int MAX_PROBLEMS = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectReader CSV_LINE =
      new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES).readerFor(String[].class);
  private static final String SERIAL = "serial";
  private static final String SYSTEM_TITLE = "systemTitle";

  /**
   * Normalised column or field name → canonical field: serial, systemTitle or a {@link
   * KeyKind#wire()}.
   */
  private static final Map<String, String> NAMES = names();

  private static final String KNOWN =
      "serial, system_title, lls_password, hls_secret, encryption_key, authentication_key";

  /** The rows that are valid and every problem found; the file is good only when there are none. */
  public record Parsed(List<KeyFileRow> rows, List<KeyFileProblem> problems, int problemCount) {
    public boolean good() {
      return problemCount == 0;
    }
  }

  private final List<KeyFileRow> rows = new ArrayList<>();
  private final List<KeyFileProblem> problems = new ArrayList<>();
  private final Map<String, Integer> lineOfSerial = new HashMap<>();
  private final Map<String, Integer> lineOfTitle = new HashMap<>();
  private int problemCount;

  private MeterKeyFile() {}

  /** JSON when the content starts with {@code [} or <code>{</code>, CSV otherwise. */
  public static Parsed parse(byte[] content) {
    MeterKeyFile f = new MeterKeyFile();
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // spreadsheet exports often begin with a byte-order mark
    }
    String start = text.stripLeading();
    if (start.startsWith("[") || start.startsWith("{")) {
      f.json(text);
    } else {
      f.csv(text);
    }
    if (f.rows.isEmpty() && f.problemCount == 0) {
      f.problem(0, null, "the file names no meters");
    }
    return new Parsed(List.copyOf(f.rows), List.copyOf(f.problems), f.problemCount);
  }

  private void csv(String text) {
    String[] lines = text.split("\r?\n|\r", -1);
    Map<Integer, String> columns = null;
    int width = 0;
    for (int i = 0; i < lines.length; i++) {
      int line = i + 1;
      String raw = lines[i];
      if (raw.isBlank() || raw.stripLeading().startsWith("#")) {
        continue;
      }
      String[] cells;
      try {
        cells = CSV_LINE.readValue(raw);
      } catch (IOException e) {
        problem(line, null, "not a CSV line (unbalanced quotes?)");
        continue;
      }
      if (columns == null) {
        columns = header(line, cells);
        if (columns == null) {
          return;
        }
        width = cells.length;
        continue;
      }
      if (cells.length > width) {
        problem(line, null, "has " + cells.length + " cells, the header has " + width);
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (int c = 0; c < cells.length; c++) {
        String field = columns.get(c);
        if (field != null) {
          values.put(field, cells[c]);
        }
      }
      row(line, values);
    }
    if (columns == null) {
      problem(
          0,
          null,
          "the file is empty: expected a header row (" + KNOWN + ") and one meter per line");
    }
  }

  /**
   * Column index → the field it holds (serial, systemTitle or a secret; unnamed columns absent);
   * null when the header is unusable.
   */
  private Map<Integer, String> header(int line, String[] cells) {
    Map<Integer, String> columns = new HashMap<>();
    boolean serial = false;
    for (int c = 0; c < cells.length; c++) {
      if (cells[c].isBlank()) {
        // spreadsheets often export trailing empty columns: a column without a name is ignored
        continue;
      }
      String field = NAMES.get(normal(cells[c]));
      if (field == null) {
        problem(line, cells[c], "unknown column '" + printable(cells[c]) + "'; known: " + KNOWN);
        return null;
      }
      if (columns.containsValue(field)) {
        problem(line, cells[c], "column '" + printable(cells[c]) + "' appears twice");
        return null;
      }
      serial |= field.equals(SERIAL);
      columns.put(c, field);
    }
    if (!serial) {
      problem(line, "serial", "the header row has no serial column");
      return null;
    }
    return columns;
  }

  private void json(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        // {"meters": [...]}: move to the array
        JsonToken field = p.nextToken();
        if (field != JsonToken.FIELD_NAME
            || !"meters".equals(p.currentName())
            || p.nextToken() != JsonToken.START_ARRAY) {
          problem(
              1, null, "a JSON key file is an array of meters, or an object {\"meters\": [...]}");
          return;
        }
      } else if (t != JsonToken.START_ARRAY) {
        problem(1, null, "a JSON key file is an array of meters, or an object {\"meters\": [...]}");
        return;
      }
      int item = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        item++;
        int line = p.currentTokenLocation().getLineNr();
        JsonNode n = p.readValueAsTree();
        if (t != JsonToken.START_OBJECT) {
          problem(line, null, "item " + item + " is not an object");
          continue;
        }
        Map<String, String> values = new HashMap<>();
        boolean ok = true;
        var fields = n.fields();
        while (fields.hasNext()) {
          var e = fields.next();
          String field = NAMES.get(normal(e.getKey()));
          if (field == null) {
            problem(
                line,
                e.getKey(),
                "item " + item + ": unknown field '" + printable(e.getKey()) + "'");
            ok = false;
          } else if (!e.getValue().isNull() && !e.getValue().isTextual()) {
            problem(line, e.getKey(), "item " + item + ": " + e.getKey() + " must be a string");
            ok = false;
          } else {
            values.put(field, e.getValue().isNull() ? "" : e.getValue().asText());
          }
        }
        if (ok) {
          row(line, values);
        }
      }
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the offending text, which may be a secret
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
      problem(line, null, "not valid JSON at line " + line + ", column " + column);
    } catch (IOException e) {
      problem(0, null, "the file could not be read: " + e.getClass().getSimpleName());
    }
  }

  private void row(int line, Map<String, String> values) {
    String serial = values.getOrDefault(SERIAL, "").trim();
    Optional<String> bad = MeterSerials.problem(serial);
    if (bad.isPresent()) {
      problem(line, "serial", bad.get());
      return;
    }
    Integer earlier = lineOfSerial.putIfAbsent(serial, line);
    if (earlier != null) {
      problem(line, "serial", "meter " + serial + " is also on line " + earlier);
      return;
    }
    Map<KeyKind, byte[]> secrets = new EnumMap<>(KeyKind.class);
    boolean ok = true;
    for (KeyKind kind : KeyKind.values()) {
      String hex = values.getOrDefault(kind.wire(), "").trim();
      if (hex.isEmpty()) {
        continue;
      }
      Optional<byte[]> value = hex(line, kind, hex);
      if (value.isEmpty()) {
        ok = false;
        continue;
      }
      Optional<String> wrong = kind.problem(value.get());
      if (wrong.isPresent()) {
        problem(line, kind.wire(), wrong.get());
        ok = false;
        continue;
      }
      secrets.put(kind, value.get());
    }
    Optional<String> title = systemTitle(line, values.getOrDefault(SYSTEM_TITLE, "").trim());
    if (title == null) {
      ok = false;
    }
    if (ok && secrets.isEmpty()) {
      problem(line, null, "meter " + serial + " has no keys");
      return;
    }
    if (ok) {
      rows.add(new KeyFileRow(line, serial, secretsOf(secrets), title));
    }
  }

  /** Empty when not given, null when given but unusable (a problem is recorded). */
  private Optional<String> systemTitle(int line, String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    byte[] title;
    try {
      title = SystemTitles.parse(digits);
    } catch (IllegalArgumentException e) {
      problem(
          line,
          SYSTEM_TITLE,
          "systemTitle must be 8 bytes (16 hex digits), got '" + printable(text) + "'");
      return null;
    }
    String normal = SystemTitles.format(title);
    Integer earlier = lineOfTitle.putIfAbsent(normal, line);
    if (earlier != null) {
      problem(line, SYSTEM_TITLE, "system title " + normal + " is also on line " + earlier);
      return null;
    }
    return Optional.of(normal);
  }

  private Optional<byte[]> hex(int line, KeyKind kind, String text) {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (digits.length() % 2 != 0) {
      problem(
          line,
          kind.wire(),
          kind.wire() + " has an odd number of hex digits (" + digits.length() + ")");
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(digits));
    } catch (IllegalArgumentException e) {
      problem(line, kind.wire(), kind.wire() + " must be hex digits 0-9 and a-f");
      return Optional.empty();
    }
  }

  static MeterSecrets secretsOf(Map<KeyKind, byte[]> secrets) {
    return new MeterSecrets(
        Optional.ofNullable(secrets.get(KeyKind.LLS_PASSWORD)),
        Optional.ofNullable(secrets.get(KeyKind.HLS_SECRET)),
        Optional.ofNullable(secrets.get(KeyKind.ENCRYPTION_KEY)),
        Optional.ofNullable(secrets.get(KeyKind.AUTHENTICATION_KEY)));
  }

  private void problem(int line, String field, String message) {
    problemCount++;
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(new KeyFileProblem(line, field, message));
    }
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** A header or field name as it may appear in a message: short and plain (it is not a secret). */
  private static String printable(String s) {
    String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7E…]", "?");
  }

  private static Map<String, String> names() {
    Map<String, String> n = new HashMap<>();
    for (String s : List.of("serial", "serialnumber", "meterserial", "meter")) {
      n.put(s, SERIAL);
    }
    // system_title, systemTitle, "System Title", or the short form st
    for (String s : List.of("systemtitle", "st")) {
      n.put(s, SYSTEM_TITLE);
    }
    for (KeyKind k : KeyKind.values()) {
      n.put(normal(k.wire()), k.wire());
      n.put(normal(k.column()), k.wire());
    }
    n.put("lls", KeyKind.LLS_PASSWORD.wire());
    n.put("hls", KeyKind.HLS_SECRET.wire());
    n.put("ek", KeyKind.ENCRYPTION_KEY.wire());
    n.put("guek", KeyKind.ENCRYPTION_KEY.wire());
    n.put("ak", KeyKind.AUTHENTICATION_KEY.wire());
    return Map.copyOf(n);
  }
}
