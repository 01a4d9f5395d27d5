/**
 * The database itself: connection pool ({@link org.urja.ingest.db.Database}), schema migrations
 * ({@link org.urja.ingest.db.Migrations}), the time-series layout chosen at migration time
 * (TimescaleDB hypertables or native daily partitions, {@link org.urja.ingest.db.TimeSeriesLayout})
 * and partition upkeep ({@link org.urja.ingest.db.PartitionMaintainer}).
 */
package org.urja.ingest.db;
