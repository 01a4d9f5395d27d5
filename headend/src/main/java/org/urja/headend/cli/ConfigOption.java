package org.urja.headend.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.urja.headend.config.UrjaConfig;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      description = "properties file with settings (environment URJA_* wins)")
  Path file;

  UrjaConfig load() throws IOException {
    return UrjaConfig.load(Optional.ofNullable(file), System.getenv());
  }
}
