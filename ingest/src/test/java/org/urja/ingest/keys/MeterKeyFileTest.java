package org.urja.ingest.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Manufacturers' key files: CSV or JSON, checked row by row, problems by line, never a secret in
 * them.
 */
class MeterKeyFileTest {
  static final String EK = "000102030405060708090a0b0c0d0e0f";
  static final String AK = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf";

  static MeterKeyFile.Parsed parse(String text) {
    return MeterKeyFile.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCsvFileWithAHeaderInAnyOrderGivesOneRowPerMeter() {
    MeterKeyFile.Parsed file =
        parse(
            """
        EK,Serial,AK,LLS Password
        %s,KEY0001,%s,3132333435363738

        # a comment line
        %s,KEY0002,%s,
        """
                .formatted(EK, AK, EK.toUpperCase(), AK));

    assertThat(file.good()).isTrue();
    assertThat(file.rows())
        .extracting(KeyFileRow::serial, KeyFileRow::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("KEY0001", 2),
            org.assertj.core.groups.Tuple.tuple("KEY0002", 5));
    KeyFileRow first = file.rows().get(0);
    assertThat(first.secrets().encryptionKey())
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(HexFormat.of().parseHex(EK)));
    assertThat(first.secrets().authenticationKey())
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(HexFormat.of().parseHex(AK)));
    assertThat(first.secrets().llsPassword())
        .hasValueSatisfying(
            p -> assertThat(new String(p, StandardCharsets.US_ASCII)).isEqualTo("12345678"));
    assertThat(first.secrets().hlsSecret()).isEmpty();
    assertThat(file.rows().get(1).secrets().llsPassword()).isEmpty();
  }

  @Test
  void badRowsAreReportedByLineAndFieldWithoutTheirValues() {
    String shortKey = "00112233445566778899aabbccddee";
    String notHex = "zz0102030405060708090a0b0c0d0e0f";
    MeterKeyFile.Parsed file =
        parse(
            """
        serial,lls_password,hls_secret,encryption_key,authentication_key
        KEY0001,,,%s,%s
        KEY0002,,,%s,%s
        KEY0003,,,%s,%s
        KEY 4,,,%s,%s
        KEY0001,,,%s,%s
        KEY0006,,,,
        """
                .formatted(EK, AK, shortKey, AK, EK, notHex, EK, AK, EK, AK));

    assertThat(file.good()).isFalse();
    assertThat(file.rows()).extracting(KeyFileRow::serial).containsExactly("KEY0001");
    assertThat(file.problems())
        .extracting(KeyFileProblem::line, KeyFileProblem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "encryptionKey"),
            org.assertj.core.groups.Tuple.tuple(4, "authenticationKey"),
            org.assertj.core.groups.Tuple.tuple(5, "serial"),
            org.assertj.core.groups.Tuple.tuple(6, "serial"),
            org.assertj.core.groups.Tuple.tuple(7, null));
    assertThat(file.problems().get(0).message())
        .isEqualTo("encryptionKey must be 16 bytes (32 hex digits), got 15 bytes");
    assertThat(file.problems().get(3).message()).isEqualTo("meter KEY0001 is also on line 2");
    assertThat(file.problems())
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .doesNotContain(shortKey)
                    .doesNotContain(notHex)
                    .doesNotContain(EK)
                    .doesNotContain(AK));
  }

  @Test
  void aJsonFileIsAnArrayOfMetersReportedByTheLineTheirObjectStartsOn() {
    MeterKeyFile.Parsed file =
        parse(
            """
        {"meters": [
          {"serial": "KEY0101", "encryptionKey": "%s", "authenticationKey": "%s", "hlsSecret": "%s"},
          {"serial": "KEY0102", "encryptionKey": "%s", "authenticationKey": "12"},
          {"serial": "KEY0103", "ek": "%s", "ak": "%s", "colour": "blue"}
        ]}
        """
                .formatted(EK, AK, AK, EK, EK, AK));

    assertThat(file.rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.serial()).isEqualTo("KEY0101");
              assertThat(r.line()).isEqualTo(2);
              assertThat(r.secrets().hlsSecret()).isPresent();
            });
    assertThat(file.problems())
        .extracting(KeyFileProblem::line, KeyFileProblem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "authenticationKey"),
            org.assertj.core.groups.Tuple.tuple(4, "colour"));
  }

  @Test
  void brokenJsonIsReportedByPositionWithoutQuotingIt() {
    MeterKeyFile.Parsed file = parse("[{\"serial\": \"KEY0201\", \"ek\": " + EK + "}]");

    assertThat(file.good()).isFalse();
    assertThat(file.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(1);
              assertThat(p.message()).startsWith("not valid JSON at line 1").doesNotContain(EK);
            });
  }

  @Test
  void aFileWithoutAKnownHeaderOrMetersIsRefused() {
    assertThat(parse("").problems())
        .extracting(KeyFileProblem::message)
        .singleElement()
        .asString()
        .startsWith("the file is empty");
    assertThat(parse("serial,colour\nKEY1,blue\n").problems())
        .extracting(KeyFileProblem::field)
        .containsExactly("colour");
    assertThat(parse("ek,ak\n" + EK + "," + AK + "\n").problems())
        .extracting(KeyFileProblem::message)
        .containsExactly("the header row has no serial column");
    assertThat(parse("[]").problems())
        .extracting(KeyFileProblem::message)
        .containsExactly("the file names no meters");
  }

  @Test
  void aSpreadsheetExportWithAByteOrderMarkQuotedCellsAndEmptyTrailingColumnsIsRead() {
    MeterKeyFile.Parsed file =
        parse(
            "\uFEFF\"serial\",\"ek\",\"ak\",,\r\n\"KEY0301\",\"" + EK + "\",\"" + AK + "\",,\r\n");

    assertThat(file.good()).isTrue();
    assertThat(file.rows()).extracting(KeyFileRow::serial).containsExactly("KEY0301");
  }

  @Test
  void theSimulatorsKeyExportWithSystemTitlesIsReadAndTitlesAreUniqueInAFile() {
    MeterKeyFile.Parsed file =
        parse(
            """
        serial,system_title,lls_password,hls_secret,encryption_key,authentication_key
        KEY0001,55524a0000000001,3132333435363738,,%s,%s
        KEY0002,,,,%s,%s
        """
                .formatted(EK, AK, EK, AK));

    assertThat(file.good()).isTrue();
    assertThat(file.rows())
        .extracting(KeyFileRow::systemTitle)
        .containsExactly(java.util.Optional.of("55524A0000000001"), java.util.Optional.empty());

    MeterKeyFile.Parsed json =
        parse(
            """
        [{"serial": "KEY0003", "systemTitle": "55524A0000000003", "encryptionKey": "%s"},
         {"serial": "KEY0004", "system_title": "55524a0000000003", "encryptionKey": "%s"},
         {"serial": "KEY0005", "systemTitle": "55524A00", "encryptionKey": "%s"}]
        """
                .formatted(EK, EK, EK));

    assertThat(json.good()).isFalse();
    assertThat(json.problems())
        .extracting(KeyFileProblem::field, KeyFileProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "systemTitle", "system title 55524A0000000003 is also on line 1"),
            org.assertj.core.groups.Tuple.tuple(
                "systemTitle", "systemTitle must be 8 bytes (16 hex digits), got '55524A00'"));
  }
}
