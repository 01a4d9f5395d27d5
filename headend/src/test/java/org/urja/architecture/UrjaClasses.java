package org.urja.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The main classes of every module, imported once: headend's test class path sees them all. */
final class UrjaClasses {
  /** Test classes in a directory or, in a full reactor build, in another module's test jar. */
  private static final ImportOption MAIN_ONLY =
      location ->
          ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
              && !location.contains("-tests.jar");

  private static volatile JavaClasses classes;

  private UrjaClasses() {}

  static JavaClasses main() {
    if (classes == null) {
      classes =
          new ClassFileImporter()
              .withImportOption(MAIN_ONLY)
              .importPackages("org.urja", "db.migration");
    }
    return classes;
  }
}
