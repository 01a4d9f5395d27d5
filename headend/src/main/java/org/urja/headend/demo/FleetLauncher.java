package org.urja.headend.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.urja.protocol.model.MeterModel;
import org.urja.protocol.model.MeterModelCatalog;
import org.urja.simulator.fleet.Fleet;
import org.urja.simulator.fleet.FleetConfig;
import org.urja.simulator.fleet.GatewayLogin;
import org.urja.simulator.fleet.MqttFleet;
import org.urja.simulator.fleet.TcpFleet;
import org.urja.simulator.push.PushEncoding;
import org.urja.simulator.security.StrictMeters;

/** Starts the simulated fleets a command asked for. */
public final class FleetLauncher {
  private FleetLauncher() {}

  public static List<Fleet> start(
      FleetOptions o, MeterModel model, String hesHost, int hesPort, String mqttUri)
      throws Exception {
    return start(o, List.of(model), hesHost, hesPort, mqttUri, GatewayLogin.ANONYMOUS);
  }

  /**
   * @param login how the MQTT gateways log in (TLS, per-gateway passwords)
   */
  public static List<Fleet> start(
      FleetOptions o,
      MeterModel model,
      String hesHost,
      int hesPort,
      String mqttUri,
      GatewayLogin login)
      throws Exception {
    return start(o, List.of(model), hesHost, hesPort, mqttUri, login);
  }

  /**
   * The TCP meters are split between {@code makes} in consecutive blocks of serials (the first make
   * gets the first block); MQTT meters are all of the first make, as a gateway's meters cannot be
   * asked about their layout.
   */
  public static List<Fleet> start(
      FleetOptions o,
      List<MeterModel> makes,
      String hesHost,
      int hesPort,
      String mqttUri,
      GatewayLogin login)
      throws Exception {
    List<Fleet> fleets = new ArrayList<>();
    try {
      for (Map.Entry<FleetConfig, MeterModel> make : tcpMakes(o, makes).entrySet()) {
        // IS 15959 meters: keys from the fleet seed, the same the exported key file carries
        fleets.add(
            new TcpFleet(
                    make.getKey(),
                    make.getValue(),
                    hesHost,
                    hesPort,
                    o.simThreads,
                    StrictMeters.handlers(make.getKey().seed()))
                .pushEncoding(
                    o.cipherPushes
                        ? StrictMeters.cipheredPushes(make.getKey().seed())
                        : PushEncoding.PLAIN)
                .start());
      }
      if (o.mqttMeters > 0 && mqttUri != null) {
        fleets.add(new MqttFleet(o.mqttFleet(), makes.get(0), mqttUri, o.gateways, login).start());
      }
      return fleets;
    } catch (Exception e) {
      fleets.forEach(Fleet::close);
      throw e;
    }
  }

  /** Each make's block of the TCP fleet (makes with no meters left out), in serial order. */
  public static Map<FleetConfig, MeterModel> tcpMakes(FleetOptions o, List<MeterModel> makes) {
    FleetConfig all = o.tcpFleet();
    Map<FleetConfig, MeterModel> out = new LinkedHashMap<>();
    for (int j = 0; j < makes.size(); j++) {
      int from = (int) ((long) all.meters() * j / makes.size());
      int to = (int) ((long) all.meters() * (j + 1) / makes.size());
      if (to > from) {
        out.put(
            new FleetConfig(
                to - from,
                all.firstIndex() + from,
                all.serialPrefix(),
                all.seed(),
                all.start(),
                all.capturePeriod(),
                all.realPeriod(),
                all.intervals(),
                all.controlMode(),
                all.connectsPerSecond()),
            makes.get(j));
      }
    }
    return out;
  }

  /** The models named by {@link FleetOptions#makes}. */
  public static List<MeterModel> makes(FleetOptions o, MeterModelCatalog catalog) {
    return o.makes.stream().map(catalog::get).toList();
  }
}
