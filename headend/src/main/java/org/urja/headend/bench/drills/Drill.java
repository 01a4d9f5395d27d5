package org.urja.headend.bench.drills;

/**
 * One fault drill: sets up its own database and nodes, injects its fault, and counts what survived.
 */
interface Drill {
  String name();

  DrillResult run(DrillContext ctx) throws Exception;
}
