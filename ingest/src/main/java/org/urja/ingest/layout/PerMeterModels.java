package org.urja.ingest.layout;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.ingest.push.MeterModelResolver;
import org.urja.protocol.model.MeterLayout;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.protocol.model.PushLayout;

/**
 * Each meter's effective object model: the model named in {@code meters.model} (the catalog's
 * default when it names none), overlaid with what the meter itself said ({@link MeterLayouts}).
 *
 * <p>Cached per serial, because pushes are decoded on I/O threads; an entry is dropped when an
 * operator assigns a model or the meter is learned on this node ({@link #invalidate}), and expires
 * after {@code ttl} so a change made on another node is seen within that time.
 *
 * <p>Only a meter never seen (or just invalidated) is loaded on the caller's thread. An expired
 * entry goes on decoding while one background thread loads its replacement: the load is two queries
 * on the main pool, and on an event loop it held every connection of that loop, relay commands
 * included, for as long as the pool made it wait. At ingest's ceiling the whole fleet's entries,
 * learned together at start, expired together and held the loops for seconds at a time (issue 11,
 * seen in a jstack during {@code bench ledger --ceiling}).
 */
public final class PerMeterModels implements MeterModelResolver {
  private static final Logger log = LoggerFactory.getLogger(PerMeterModels.class);

  /** A meter's effective model, and whether anything was ever learned from the meter. */
  public record Resolved(MeterModel model, String modelName, boolean learned, Instant loadedAt) {}

  /** A model name that stands for whichever model is the installation's default. */
  public static final String DEFAULT_ALIAS = "default";

  private final DataSource dataSource;
  private final MeterModelCatalog catalog;
  private final MeterLayouts layouts;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentHashMap<String, Resolved> cache = new ConcurrentHashMap<>();
  private final Executor refresher;

  /** Serials whose replacement entry is being loaded, so one expiry queues one load. */
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  private final java.util.concurrent.atomic.AtomicLong invalidations =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Push layouts meters said of themselves that no model file has, one model per distinct set of
   * layouts: real meters of one make share them, so a few cover a fleet; bounded against a fleet of
   * odd meters.
   */
  private final ConcurrentHashMap<List<PushLayout>, MeterModel> learnedShapes =
      new ConcurrentHashMap<>();

  static final int MAX_LEARNED_SHAPES = 64;

  public PerMeterModels(
      DataSource dataSource,
      MeterModelCatalog catalog,
      MeterLayouts layouts,
      Duration ttl,
      Clock clock) {
    this(
        dataSource,
        catalog,
        layouts,
        ttl,
        clock,
        Executors.newSingleThreadExecutor(new DefaultThreadFactory("urja-model-refresh", true)));
  }

  /**
   * @param refresher where expired entries are loaded again
   */
  PerMeterModels(
      DataSource dataSource,
      MeterModelCatalog catalog,
      MeterLayouts layouts,
      Duration ttl,
      Clock clock,
      Executor refresher) {
    this.dataSource = dataSource;
    this.catalog = catalog;
    this.layouts = layouts;
    this.ttl = ttl;
    this.clock = clock;
    this.refresher = refresher;
  }

  @Override
  public MeterModel modelFor(String serialOrNull) {
    return serialOrNull == null ? catalog.defaultModel() : resolve(serialOrNull).model();
  }

  /** The default model first, the other model files, then layouts meters said of themselves. */
  @Override
  public List<MeterModel> candidates() {
    List<MeterModel> out = new ArrayList<>();
    out.add(catalog.defaultModel());
    for (String name : catalog.names()) {
      catalog.find(name).filter(m -> !out.contains(m)).ifPresent(out::add);
    }
    out.addAll(learnedShapes.values());
    return out;
  }

  /**
   * The meter's effective model with where it came from: loaded here on a miss; once the entry is
   * older than the ttl, the entry still, while its replacement loads in the background.
   */
  public Resolved resolve(String serial) {
    Resolved r = cache.get(serial);
    if (r == null) {
      return loadAndCache(serial);
    }
    if (r.loadedAt().plus(ttl).isAfter(clock.instant())) {
      return r;
    }
    if (refreshing.add(serial)) {
      try {
        refresher.execute(
            () -> {
              try {
                loadAndCache(serial);
              } finally {
                refreshing.remove(serial);
              }
            });
      } catch (RejectedExecutionException e) {
        refreshing.remove(serial);
      }
    }
    return cache.getOrDefault(serial, r);
  }

  private Resolved loadAndCache(String serial) {
    long before = invalidations.get();
    Resolved fresh = load(serial);
    // an entry is small, but the serials seen are not bounded by the registered fleet: keep the
    // cache to it
    if (cache.size() > 200_000) {
      cache.clear();
    }
    // a load that raced an invalidation may have read the old layout: use it once, never cache it
    if (invalidations.get() == before) {
      cache.put(serial, fresh);
    }
    return fresh;
  }

  private Resolved load(String serial) {
    try {
      String name =
          assignedModel(serial)
              .filter(n -> !n.equals(DEFAULT_ALIAS))
              .orElse(MeterModelCatalog.DEFAULT_MODEL);
      MeterModel base =
          catalog
              .find(name)
              .orElseGet(
                  () -> {
                    log.warn(
                        "meter {} names model '{}', which this head-end does not know; decoding it as {}",
                        serial,
                        name,
                        MeterModelCatalog.DEFAULT_MODEL);
                    return catalog.defaultModel();
                  });
      MeterLayout said = layouts.layoutOf(serial);
      MeterModel effective = said.overlay(base);
      if (!effective.pushes().equals(base.pushes()) && learnedShapes.size() < MAX_LEARNED_SHAPES) {
        learnedShapes.putIfAbsent(effective.pushes(), effective);
      }
      return new Resolved(effective, base.name(), !said.isEmpty(), clock.instant());
    } catch (SQLException e) {
      // the database is down: decode by the default rather than stall every push; not cached for
      // long
      log.warn("cannot load the model of meter {}: {}", serial, e.toString());
      return new Resolved(
          catalog.defaultModel(),
          MeterModelCatalog.DEFAULT_MODEL,
          false,
          clock.instant().minus(ttl).plusSeconds(5));
    }
  }

  /** The model an operator assigned to {@code serial}, if any. */
  public Optional<String> assignedModel(String serial) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT model FROM meters WHERE serial = ?")) {
      ps.setString(1, serial);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Assigns a known model to a meter (null: the default); refuses a name the catalog does not know.
   */
  public void assign(String serial, String modelName) throws SQLException {
    if (modelName != null) {
      requireKnown(modelName);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE meters SET model = ?, updated_at = now() WHERE serial = ?")) {
      ps.setString(1, modelName);
      ps.setString(2, serial);
      ps.executeUpdate();
    }
    invalidate(serial);
  }

  /**
   * The model named {@code name}; {@value #DEFAULT_ALIAS} names the catalog's default. Throws
   * {@link UnknownModelException} for any other name the catalog does not know.
   */
  public MeterModel requireKnown(String name) {
    if (DEFAULT_ALIAS.equals(name)) {
      return catalog.defaultModel();
    }
    return catalog.find(name).orElseThrow(() -> new UnknownModelException(name, known()));
  }

  public List<String> known() {
    return catalog.names();
  }

  public MeterModelCatalog catalog() {
    return catalog;
  }

  public void invalidate(String serial) {
    invalidations.incrementAndGet();
    cache.remove(serial);
  }
}
