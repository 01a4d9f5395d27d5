package org.urja.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

  @Test
  void hikarisConnectionIsClosedWithoutSqlStateIsAnOutage() {
    assertThat(TransientFailures.isOutage(new SQLException("Connection is closed"))).isTrue();
  }

  @Test
  void aRefusedConnectionIsAnOutage() {
    SQLException pgjdbc =
        new SQLException(
            "Connection to localhost:5432 refused.",
            null,
            new ConnectException("Connection refused"));
    assertThat(TransientFailures.isOutage(pgjdbc)).isTrue();
    assertThat(TransientFailures.isOutage(new SQLException("Connection attempt failed.", "08001")))
        .isTrue();
  }

  @Test
  void aPoolTimeoutIsAnOutage() {
    assertThat(
            TransientFailures.isOutage(
                new SQLTransientConnectionException(
                    "urja - Connection is not available, request timed out after 30000ms.")))
        .isTrue();
  }

  @Test
  void aServerShuttingDownIsAnOutage() {
    assertThat(
            TransientFailures.isOutage(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
  }

  @Test
  void aDeadlockIsContentionNotAnOutage() {
    SQLException deadlock = new SQLException("deadlock detected", "40P01");
    assertThat(TransientFailures.isContention(deadlock)).isTrue();
    assertThat(TransientFailures.isOutage(deadlock)).isFalse();
    assertThat(TransientFailures.isTransient(deadlock)).isTrue();
  }

  @Test
  void aRefusedRowIsNeitherOutageNorContention() {
    SQLException refused = new SQLException("numeric field overflow", "22003");
    assertThat(TransientFailures.isTransient(refused)).isFalse();
    assertThat(TransientFailures.isTransient(new OutOfMemoryError("Java heap space"))).isFalse();
    assertThat(TransientFailures.isTransient(new SQLException("division by zero", "22012")))
        .isFalse();
  }
}
