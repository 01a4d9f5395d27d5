package org.urja.headend.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.SocketFactory;
import org.urja.headend.demo.FleetLauncher;
import org.urja.headend.demo.FleetOptions;
import org.urja.ingest.mqtt.PemTls;
import org.urja.ingest.mqtt.TlsFiles;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.Fleet;
import org.urja.simulator.fleet.GatewayLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The simulator alone, pointed at any head-end (this one or another DLMS HES). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Run simulated meters against a head-end.",
    subcommands = SimulatorKeysCommand.class)
final class SimulateCommand implements Callable<Integer> {
  @Mixin FleetOptions fleet = new FleetOptions();

  @Option(
      names = "--hes",
      description = "head-end host:port for DLMS/TCP (default: ${DEFAULT-VALUE})")
  String hes = "127.0.0.1:4059";

  @Option(
      names = "--mqtt",
      description = "MQTT broker URI for the MQTT meters, e.g. tcp://127.0.0.1:1883")
  String mqtt;

  @Option(
      names = "--mqtt-ca",
      description =
          "PEM file of the CA an ssl:// broker's certificate chains to (default: the JVM's trust store)")
  Path mqttCa;

  @Option(
      names = "--mqtt-gateway-password",
      description =
          "password every simulated gateway logs in with, its client id being the username")
  String mqttGatewayPassword;

  private GatewayLogin gatewayLogin() {
    SocketFactory tls =
        mqtt != null && mqtt.startsWith("ssl://")
            ? PemTls.socketFactory(new TlsFiles(mqttCa, null, null))
            : null;
    String password = mqttGatewayPassword;
    return new GatewayLogin(tls, password == null ? null : clientId -> password);
  }

  @Override
  public Integer call() throws Exception {
    int colon = hes.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--hes must be host:port, got " + hes);
    }
    List<Fleet> fleets =
        FleetLauncher.start(
            fleet,
            FleetLauncher.makes(fleet, MeterModelCatalog.bundled()),
            hes.substring(0, colon),
            Integer.parseInt(hes.substring(colon + 1)),
            mqtt,
            gatewayLogin());
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fleets.forEach(Fleet::close);
                  done.countDown();
                }));
    while (!done.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
      // one line per fleet (TCP meters are a fleet per make), numbered: bench drills sums them
      for (int i = 0; i < fleets.size(); i++) {
        Fleet f = fleets.get(i);
        System.out.println(f.getClass().getSimpleName() + "#" + (i + 1) + ": " + f.stats());
      }
    }
    return 0;
  }
}
