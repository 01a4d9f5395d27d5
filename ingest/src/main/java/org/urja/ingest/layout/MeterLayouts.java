package org.urja.ingest.layout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.urja.protocol.model.LayoutDifference;
import org.urja.protocol.model.LayoutJson;
import org.urja.protocol.model.LayoutObject;
import org.urja.protocol.model.MeterLayout;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.RegisterScaling;
import org.urja.protocol.obis.ObisCode;
import org.urja.protocol.profile.CaptureObject;

/**
 * The store of what meters said about themselves ({@code meter_layouts}). Invariant: one row per
 * meter, object kind and logical name, holding the meter's latest answer and the model's value at
 * that time.
 */
public final class MeterLayouts {
  /**
   * One learned object as operators see it: values in model-file JSON, modelValue null if the model
   * lacks it.
   */
  public record Learned(
      LayoutObject what,
      String obis,
      String meterValue,
      String modelName,
      String modelValue,
      Instant readAt) {
    public boolean disagrees() {
      return !meterValue.equals(modelValue);
    }
  }

  private final DataSource dataSource;

  public MeterLayouts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Stores what {@code serial} said, next to what {@code model} says of the same objects. */
  public void save(String serial, MeterModel model, MeterLayout said, Instant readAt)
      throws SQLException {
    Map<String, LayoutDifference> differences = new LinkedHashMap<>();
    for (LayoutDifference d : said.differences(model)) {
      differences.put(d.what().key() + " " + d.obis(), d);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO meter_layouts "
                    + "(meter_serial, object, obis, meter_value, model_name, model_value, read_at) "
                    + "VALUES (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?) ON CONFLICT (meter_serial, object, obis) DO UPDATE SET "
                    + "meter_value = EXCLUDED.meter_value, model_name = EXCLUDED.model_name, "
                    + "model_value = EXCLUDED.model_value, read_at = EXCLUDED.read_at")) {
      for (var e : said.pushes().entrySet()) {
        String meter = LayoutJson.objects(e.getValue());
        add(
            ps,
            serial,
            LayoutObject.PUSH_OBJECT_LIST,
            e.getKey(),
            meter,
            model,
            differences,
            readAt);
      }
      for (var e : said.registers().entrySet()) {
        add(
            ps,
            serial,
            LayoutObject.SCALER_UNIT,
            e.getKey(),
            LayoutJson.scaling(e.getValue()),
            model,
            differences,
            readAt);
      }
      for (var e : said.profiles().entrySet()) {
        add(
            ps,
            serial,
            LayoutObject.CAPTURE_OBJECTS,
            e.getKey(),
            LayoutJson.objects(e.getValue()),
            model,
            differences,
            readAt);
      }
      ps.executeBatch();
    }
  }

  private static void add(
      PreparedStatement ps,
      String serial,
      LayoutObject what,
      ObisCode obis,
      String meterValue,
      MeterModel model,
      Map<String, LayoutDifference> differences,
      Instant readAt)
      throws SQLException {
    LayoutDifference d = differences.get(what.key() + " " + obis);
    ps.setString(1, serial);
    ps.setString(2, what.key());
    ps.setString(3, obis.toString());
    ps.setString(4, meterValue);
    ps.setString(5, model.name());
    // agreeing objects store the model's value as the meter's, so "disagrees" is a plain comparison
    ps.setString(6, d == null ? meterValue : d.modelValue());
    ps.setTimestamp(7, Timestamp.from(readAt));
    ps.addBatch();
  }

  /**
   * What {@code serial} said, as a layout to overlay on its model; {@link MeterLayout#NONE} if
   * never learned.
   */
  public MeterLayout layoutOf(String serial) throws SQLException {
    Map<ObisCode, List<CaptureObject>> pushes = new LinkedHashMap<>();
    Map<ObisCode, RegisterScaling> registers = new LinkedHashMap<>();
    Map<ObisCode, List<CaptureObject>> profiles = new LinkedHashMap<>();
    for (Learned l : learned(serial)) {
      ObisCode obis = ObisCode.parse(l.obis());
      switch (l.what()) {
        case PUSH_OBJECT_LIST -> pushes.put(obis, LayoutJson.parseObjects(l.meterValue()));
        case SCALER_UNIT -> registers.put(obis, LayoutJson.parseScaling(l.meterValue()));
        case CAPTURE_OBJECTS -> profiles.put(obis, LayoutJson.parseObjects(l.meterValue()));
      }
    }
    return new MeterLayout(pushes, registers, profiles);
  }

  /** Every object learned from {@code serial}, in a stable order. */
  public List<Learned> learned(String serial) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT object, obis, meter_value::text, model_name, "
                    + "model_value::text, read_at FROM meter_layouts WHERE meter_serial = ? ORDER BY object, obis")) {
      ps.setString(1, serial);
      List<Learned> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Learned(
                  LayoutObject.ofKey(rs.getString(1)),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getTimestamp(6).toInstant()));
        }
      }
      return out;
    }
  }

  /**
   * How many objects of each of {@code serials} disagree with its model (absent: none), for meter
   * lists.
   */
  public Map<String, Integer> disagreementCounts(java.util.Collection<String> serials)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT meter_serial, count(*) FROM meter_layouts "
                    + "WHERE meter_serial = ANY (?) AND model_value IS DISTINCT FROM meter_value GROUP BY meter_serial")) {
      ps.setArray(1, c.createArrayOf("text", serials.toArray()));
      Map<String, Integer> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getInt(2));
        }
      }
      return out;
    }
  }
}
