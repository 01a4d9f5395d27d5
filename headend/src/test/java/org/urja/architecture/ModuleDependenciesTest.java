package org.urja.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

/**
 * The module graph of the poms, as a rule the build checks: protocol ← ingest ← headend,
 * prepaid-ledger ← headend, simulator → protocol only, and nothing imports headend. The poms
 * already forbid most of it at compile time; this keeps it so when a dependency is added to a pom
 * "just for one class", and it is where the graph is written down (docs/ARCHITECTURE.md).
 */
class ModuleDependenciesTest {

  @Test
  void eachModuleImportsOnlyTheModulesBelowIt() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("protocol")
        .definedBy("org.urja.protocol..")
        .layer("ingest")
        .definedBy("org.urja.ingest..", "db.migration..")
        .layer("prepaid-ledger")
        .definedBy("org.urja.ledger..")
        .layer("simulator")
        .definedBy("org.urja.simulator..")
        .layer("headend")
        .definedBy("org.urja.headend..")
        .whereLayer("headend")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("ingest")
        .mayOnlyBeAccessedByLayers("headend")
        .whereLayer("prepaid-ledger")
        .mayOnlyBeAccessedByLayers("headend")
        // the demo may start the simulator in-process; the bench observes meters only over the wire
        .whereLayer("simulator")
        .mayOnlyBeAccessedByLayers("headend")
        .whereLayer("protocol")
        .mayOnlyBeAccessedByLayers("ingest", "simulator", "headend")
        .check(UrjaClasses.main());
  }

  @Test
  void theLedgerIsPureDomainWithoutNettyOrMqtt() {
    noClasses()
        .that()
        .resideInAPackage("org.urja.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "org.eclipse.paho..", "io.moquette..")
        .check(UrjaClasses.main());
  }

  @Test
  void theSimulatorSpeaksToTheHeadEndOnlyOverTheWire() {
    noClasses()
        .that()
        .resideInAPackage("org.urja.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.urja.ingest..",
            "org.urja.ledger..",
            "org.urja.headend..",
            "java.sql..",
            "javax.sql..")
        .check(UrjaClasses.main());
  }

  @Test
  void noModuleHasACycleBetweenItsPackages() {
    for (String module : new String[] {"protocol", "ingest", "ledger", "simulator", "headend"}) {
      slices()
          .matching("org.urja." + module + ".(*)..")
          .namingSlices(module + ".$1")
          .should()
          .beFreeOfCycles()
          .check(UrjaClasses.main());
    }
  }

  @Test
  void onlyTheEntryPointsUseTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "org.urja.headend.app..",
            "org.urja.headend.cli..",
            "org.urja.headend.demo..",
            "org.urja.headend.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.urja.headend.app..")
        .check(UrjaClasses.main());
  }
}
