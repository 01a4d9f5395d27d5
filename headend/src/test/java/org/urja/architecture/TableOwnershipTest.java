package org.urja.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each module owns its tables: the ones its own main sources create (Flyway SQL migrations, and the
 * ingest's Java migration that lays out {@code readings}). Another module's SQL may name only the
 * owner's public face, the views in schema {@code <module>_api} (ingest V40, ledger V80), and
 * writes go through the owner's Java API. This test reads every module's main SQL (string literals
 * of .java files, and .sql files) and fails on a table named outside its owner, so renaming a
 * column breaks the build of the module that owns it, not another one at run time.
 */
class TableOwnershipTest {
  static final List<String> MODULES =
      List.of("protocol", "ingest", "prepaid-ledger", "simulator", "headend");

  /**
   * Files still being moved onto the owners' APIs (issue 10): none left. Nothing may be added here.
   */
  static final Set<String> BEING_MOVED = Set.of();

  /**
   * Benches that measure how a module's tables lie on disk (bytes per reading, per column, after
   * compression) name those tables by design; they run against a scratch database of their own.
   */
  static final Set<String> PHYSICAL_LAYOUT_BENCHES =
      Set.of(
          "headend/src/main/java/org/urja/headend/bench/storage/StorageBenchmark.java",
          "headend/src/main/java/org/urja/headend/bench/storage/StorageTrials.java");

  private static final Pattern CREATES =
      Pattern.compile(
          "(?i)\\bcreate\\s+(?:or\\s+replace\\s+)?(?:materialized\\s+)?(?:table|view)\\s+(?:if\\s+not\\s+exists\\s+)?"
              + "([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?)");

  /**
   * Where SQL names a relation it reads or writes. A foreign key ({@code references}) is left out:
   * it names the owner's key, which PostgreSQL keeps through renames, and the self-care tables'
   * keys to {@code ledger_accounts} are in migrations already applied.
   */
  private static final Pattern NAMES =
      Pattern.compile(
          "(?i)\\b(from|join|into|update|table|truncate)\\s+(?:only\\s+)?(?:if\\s+exists\\s+)?"
              + "([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?)");

  /** "…", with escapes, and """…""" text blocks. */
  private static final Pattern LITERALS =
      Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);

  private final Path root = repositoryRoot();

  @Test
  void noModuleNamesATableAnotherModuleOwns() {
    Map<String, String> owners = owners();
    List<String> trespasses = new ArrayList<>();
    for (String module : MODULES) {
      for (Path file : mainSources(module)) {
        String where = root.relativize(file).toString().replace('\\', '/');
        Matcher m = NAMES.matcher(sql(file));
        while (m.find()) {
          String name = m.group(2).toLowerCase();
          String owner = owners.get(name);
          // a public face is read (from, join), never written: writes go through the owner's Java
          // API
          boolean read = m.group(1).equalsIgnoreCase("from") || m.group(1).equalsIgnoreCase("join");
          boolean publicFace = read && name.contains(".") && name.startsWith(schemaOf(owner) + ".");
          if (owner != null
              && !owner.equals(module)
              && !publicFace
              && !BEING_MOVED.contains(where)
              && !PHYSICAL_LAYOUT_BENCHES.contains(where)) {
            trespasses.add(where + " names " + owner + "'s table " + name);
          }
          if (name.matches("[a-z_]+_api\\..*") && owner == null) {
            trespasses.add(where + " names " + name + ", which no module publishes");
          }
        }
      }
    }
    assertThat(trespasses)
        .as("SQL naming another module's tables (use its *_api views or Java API)")
        .isEmpty();
  }

  @Test
  void everyTableHasExactlyOneOwnerAndPublicFacesLiveInTheOwnersSchema() {
    Map<String, Set<String>> creators = new LinkedHashMap<>();
    for (String module : MODULES) {
      for (Path file : mainSources(module)) {
        Matcher m = CREATES.matcher(sql(file));
        while (m.find()) {
          creators.computeIfAbsent(m.group(1).toLowerCase(), k -> new TreeSet<>()).add(module);
        }
      }
    }
    assertThat(creators)
        .as("the tables the ingest lays out in Java are found too")
        .containsKeys(
            "readings", "meters", "ledger_accounts", "ingest_api.meters", "ledger_api.accounts");
    creators.forEach(
        (name, modules) -> {
          assertThat(modules).as("modules creating " + name).hasSize(1);
          if (name.contains(".")) {
            assertThat(name)
                .as("a public view is in its owner's schema")
                .startsWith(schemaOf(modules.iterator().next()) + ".");
          }
        });
  }

  private Map<String, String> owners() {
    Map<String, String> owners = new LinkedHashMap<>();
    for (String module : MODULES) {
      for (Path file : mainSources(module)) {
        Matcher m = CREATES.matcher(sql(file));
        while (m.find()) {
          owners.put(m.group(1).toLowerCase(), module);
        }
      }
    }
    return owners;
  }

  /** ingest → ingest_api, prepaid-ledger → ledger_api. */
  static String schemaOf(String module) {
    return module == null ? "\0" : module.replace("prepaid-", "") + "_api";
  }

  /**
   * The SQL a file can hold: a .sql file whole, a .java file's string literals (joined, as +
   * would).
   */
  static String sql(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (file.toString().endsWith(".sql")) {
      return text.replaceAll("--[^\\n]*", " ");
    }
    StringBuilder out = new StringBuilder();
    Matcher m = LITERALS.matcher(text.replaceAll("(?m)^\\s*(//|\\*|/\\*).*$", " "));
    while (m.find()) {
      out.append(m.group(1) != null ? m.group(1) : m.group(2)).append(' ');
    }
    return out.toString();
  }

  private List<Path> mainSources(String module) {
    Path main = root.resolve(module).resolve("src/main");
    try (Stream<Path> files = Files.walk(main)) {
      return files
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".sql"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("prepaid-ledger/src/main"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }
}
