package org.urja.ingest.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.urja.ingest.db.PostgresTestSupport;
import org.urja.protocol.model.CosemUnit;
import org.urja.protocol.model.LayoutObject;
import org.urja.protocol.model.MeterLayout;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;

/**
 * Each meter's model comes from the meter directory and from what the meter said, on PostgreSQL.
 */
class PerMeterModelsTest extends PostgresTestSupport {
  static final ObisCode IMPORT = ObisCode.parse("1.0.1.8.0.255");
  final MeterModelCatalog catalog = MeterModelCatalog.bundled();

  PerMeterModels models(MeterLayouts layouts) {
    return new PerMeterModels(
        dataSource(), catalog, layouts, Duration.ofHours(1), Clock.systemUTC());
  }

  @Test
  void aMeterWithoutAModelIsDecodedByTheDefaultAndAnAssignedModelTakesOverAtOnce()
      throws Exception {
    execute("INSERT INTO meters (serial, utility, model) VALUES ('PM-1', 'U', NULL)");
    PerMeterModels models = models(new MeterLayouts(dataSource()));
    assertThat(models.modelFor("PM-1").name()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);

    models.assign("PM-1", "urja-sim-1ph-b");

    assertThat(models.modelFor("PM-1").name()).isEqualTo("urja-sim-1ph-b");
    assertThat(models.modelFor("PM-1").scaling(IMPORT).scaler()).isEqualTo(-1);
  }

  @Test
  void anUnknownModelIsRefusedNamingTheKnownOnes() throws Exception {
    execute("INSERT INTO meters (serial, utility, model) VALUES ('PM-2', 'U', NULL)");
    PerMeterModels models = models(new MeterLayouts(dataSource()));

    assertThatThrownBy(() -> models.assign("PM-2", "acme-9"))
        .isInstanceOf(UnknownModelException.class)
        .hasMessageContaining("acme-9")
        .hasMessageContaining("urja-sim-1ph, urja-sim-1ph-b");
    assertThat(models.assignedModel("PM-2")).isEmpty();
    assertThat(models.requireKnown(PerMeterModels.DEFAULT_ALIAS).name())
        .isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
  }

  @Test
  void whatAMeterSaidIsStoredBesideItsModelsValueAndWinsOverIt() throws Exception {
    MeterLayouts layouts = new MeterLayouts(dataSource());
    PerMeterModels models = models(layouts);
    MeterModel model = catalog.defaultModel();
    assertThat(models.resolve("PM-3").learned()).isFalse();
    RegisterScaling tenths = new RegisterScaling(-1, CosemUnit.WATT_HOUR);
    MeterLayout said =
        new MeterLayout(
            Map.of(),
            Map.of(
                IMPORT,
                tenths,
                ObisCode.parse("1.0.32.7.0.255"),
                model.scaling(ObisCode.parse("1.0.32.7.0.255"))),
            Map.of());

    layouts.save("PM-3", model, said, Instant.parse("2026-11-29T10:00:00Z"));
    models.invalidate("PM-3");

    assertThat(models.modelFor("PM-3").scaling(IMPORT)).isEqualTo(tenths);
    assertThat(models.resolve("PM-3").learned()).isTrue();
    List<MeterLayouts.Learned> learned = layouts.learned("PM-3");
    assertThat(learned).hasSize(2);
    assertThat(learned)
        .filteredOn(MeterLayouts.Learned::disagrees)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.what()).isEqualTo(LayoutObject.SCALER_UNIT);
              assertThat(l.obis()).isEqualTo("1.0.1.8.0.255");
              assertThat(l.modelValue()).contains("\"scaler\": 0");
              assertThat(l.meterValue()).contains("\"scaler\": -1");
              assertThat(l.readAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
            });
    assertThat(layouts.disagreementCounts(List.of("PM-3", "PM-4"))).isEqualTo(Map.of("PM-3", 1));
  }

  @Test
  void aMeterAskedAgainKeepsOneRowPerObjectWithItsLatestAnswer() throws Exception {
    MeterLayouts layouts = new MeterLayouts(dataSource());
    MeterModel model = catalog.defaultModel();
    layouts.save(
        "PM-5",
        model,
        new MeterLayout(
            Map.of(), Map.of(IMPORT, new RegisterScaling(-1, CosemUnit.WATT_HOUR)), Map.of()),
        Instant.parse("2026-11-29T10:00:00Z"));
    layouts.save(
        "PM-5",
        model,
        new MeterLayout(Map.of(), Map.of(IMPORT, model.scaling(IMPORT)), Map.of()),
        Instant.parse("2026-11-29T11:00:00Z"));

    assertThat(layouts.learned("PM-5"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.disagrees()).isFalse();
              assertThat(l.readAt()).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
            });
    assertThat(layouts.layoutOf("PM-5").registers()).containsEntry(IMPORT, model.scaling(IMPORT));
  }

  @Test
  void anExpiredModelGoesOnDecodingWhileItsReplacementLoadsInTheBackground() throws Exception {
    execute("INSERT INTO meters (serial, utility, model) VALUES ('PM-6', 'U', NULL)");
    Instant[] now = {Instant.parse("2026-11-29T10:00:00Z")};
    Clock clock =
        new Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    java.util.Deque<Runnable> background = new java.util.ArrayDeque<>();
    PerMeterModels models =
        new PerMeterModels(
            dataSource(),
            catalog,
            new MeterLayouts(dataSource()),
            Duration.ofMinutes(5),
            clock,
            background::add);
    assertThat(models.modelFor("PM-6").name()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
    // another node assigns a model; this one sees it once its entry has expired
    execute("UPDATE meters SET model = 'urja-sim-1ph-b' WHERE serial = 'PM-6'");
    now[0] = now[0].plus(Duration.ofMinutes(6));

    // the push being decoded (on an event loop) is not held for the database
    assertThat(models.modelFor("PM-6").name()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
    assertThat(models.modelFor("PM-6").name()).isEqualTo(MeterModelCatalog.DEFAULT_MODEL);
    assertThat(background).as("one load per expiry, however many pushes ask").hasSize(1);

    background.poll().run();
    assertThat(models.modelFor("PM-6").name()).isEqualTo("urja-sim-1ph-b");
    assertThat(background).isEmpty();
  }
}
