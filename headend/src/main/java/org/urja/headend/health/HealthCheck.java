package org.urja.headend.health;

import java.util.function.Supplier;

/**
 * One thing a node needs to do its work. A liveness check failing means the process cannot recover
 * by itself (a dead writer or event loop): restart it. A readiness check failing means it cannot
 * serve now (database or broker away, queue stuck) but may recover: keep it out of the load
 * balancer, do not restart it.
 */
public interface HealthCheck {

  enum Scope {
    LIVENESS,
    READINESS
  }

  /** The check's name in {@code /health} and in the {@code urja.health{check=…}} gauge. */
  String name();

  Scope scope();

  /** Must answer quickly and never throw (a throw is reported as down). */
  Result check();

  /** A check's state and, for people reading {@code /health}, why. */
  record Result(boolean ok, String detail) {
    public static Result up(String detail) {
      return new Result(true, detail);
    }

    public static Result down(String detail) {
      return new Result(false, detail);
    }
  }

  static HealthCheck of(String name, Scope scope, Supplier<Result> check) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Scope scope() {
        return scope;
      }

      @Override
      public Result check() {
        return check.get();
      }
    };
  }
}
